import Database from 'better-sqlite3';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { sqliteConnection, sqliteTimestamp } from './typeorm-internals';

@Entity('stamps')
class StampEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: Date })
  at: Date;
}

/** TypeORM internals that typeorm-internals.ts relies on, on the real driver. */
describe('TypeORM internals', () => {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [StampEntity],
    synchronize: true,
  });
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('the better-sqlite3 driver still keeps its connection in `databaseConnection`', () => {
    const connection = sqliteConnection(dataSource);

    expect(connection).toBeInstanceOf(Database);
    expect(connection.prepare('SELECT 41 + 1 AS answer').get()).toEqual({ answer: 42 });
  });

  it('writes a datetime as TypeORM itself stores it on SQLite', async () => {
    const at = new Date(Date.UTC(2026, 10, 25, 16, 13, 29, 123));
    await dataSource.getRepository(StampEntity).insert({ id: 1, at });

    const stored = sqliteConnection(dataSource).prepare('SELECT at FROM stamps').pluck().get();

    expect(sqliteTimestamp(at)).toBe('2026-11-25 16:13:29.123');
    expect(stored).toBe(sqliteTimestamp(at));
  });
});
