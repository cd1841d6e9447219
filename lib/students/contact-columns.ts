/**
 * A pupil's contact as Haven shows it (the profile's Contacts tab, a report's
 * contacts): the columns read and the order they are listed in — the MIS's
 * priority first, then those added by hand, oldest first. One place, so the
 * tab and the reports never disagree on what a contact shows or its order.
 */
import 'server-only';
import { asc, sql } from 'drizzle-orm';
import { studentContacts } from '@/db/schema';

export const contactColumns = {
  title: studentContacts.title,
  forename: studentContacts.forename,
  surname: studentContacts.surname,
  relationship: studentContacts.relationship,
  priority: studentContacts.priority,
  parentalResponsibility: studentContacts.parentalResponsibility,
  livesWithStudent: studentContacts.livesWithStudent,
  phone: studentContacts.phone,
  mobile: studentContacts.mobile,
  email: studentContacts.email,
  address: studentContacts.address,
  organisation: studentContacts.organisation,
};

export const contactOrder = [
  asc(sql`${studentContacts.priority} is null`),
  asc(studentContacts.priority),
  asc(studentContacts.createdAt),
  asc(studentContacts.surname),
];
