// The admin forms' repeated fields are joined by the helper every form shares.
export { joinRepeated } from '@/lib/http/repeated-fields';
