import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { buildDataSourceOptions } from './src/database/data-source-options';

/** For the TypeORM CLI (`npm run migration:*`); the server builds its options the same way. */
export default new DataSource(buildDataSourceOptions(loadConfig(process.env).database));
