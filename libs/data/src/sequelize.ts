import pg from 'pg';
import { Sequelize } from 'sequelize';
import { defineModels, type Models } from './models';

// bigint ids fit in a double far beyond any realistic row count; numerics are money (2 decimals).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// Dates stay 'YYYY-MM-DD' strings: a calendar date has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface Database {
  sequelize: Sequelize;
  models: Models;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { poolMax?: number } = {}): Database {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: false,
    pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' },
  });
  const models = defineModels(sequelize);
  return { sequelize, models, close: () => sequelize.close() };
}
