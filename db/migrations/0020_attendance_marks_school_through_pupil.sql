ALTER TABLE "attendance_marks" DROP CONSTRAINT "attendance_marks_school_id_schools_id_fk";
