/** The largest body POST /api/v1/concerns reads. */
export const MAX_BODY_BYTES = 64 * 1024;
