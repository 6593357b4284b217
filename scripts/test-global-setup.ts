/** Says plainly which database suites run, so a skipped PostgreSQL run is never mistaken for a pass. */
export default function setup(): void {
  if (process.env.TEST_DATABASE_URL) {
    console.log('[shouwang] server tests run on SQLite and on PostgreSQL (TEST_DATABASE_URL is set).');
  } else {
    console.log(
      '[shouwang] PostgreSQL suite SKIPPED: TEST_DATABASE_URL is not set; server tests run on SQLite only.',
    );
  }
}
