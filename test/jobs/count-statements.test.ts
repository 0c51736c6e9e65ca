import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { hasSeveralStatements } from '../../src/jobs/count-statements.js';

describe('hasSeveralStatements', () => {
  it('counts one statement with or without a trailing semicolon, comments and blank space', () => {
    expect(['SELECT 1', 'SELECT 1;', '  SELECT 1 ;  \n', '-- note; here\nSELECT 1; /* ; */ '].map(hasSeveralStatements)).toEqual([false, false, false, false]);
  });

  it('ignores semicolons inside string literals, quoted identifiers and dollar-quoted bodies', () => {
    const texts = [
      "SELECT 'a;b', 'it''s; fine'",
      'SELECT 1 AS "odd;name"',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql',
      'DO $body$ BEGIN PERFORM 1; END $body$',
      'SELECT $1::int',
    ];
    expect(texts.map(hasSeveralStatements)).toEqual([false, false, false, false, false]);
  });

  it('finds several statements, including in pg-boss construction and migration plans', () => {
    expect(hasSeveralStatements('BEGIN; SELECT 1; COMMIT;')).toBe(true);
    expect(hasSeveralStatements(PgBoss.getConstructionPlans('pgboss'))).toBe(true);
  });
});
