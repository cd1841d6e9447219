ALTER TABLE "library_read_receipts" FORCE ROW LEVEL SECURITY;
