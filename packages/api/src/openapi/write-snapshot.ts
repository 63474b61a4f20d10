import { SNAPSHOT_PATH, writeOpenApiSnapshot } from './snapshot.ts';

await writeOpenApiSnapshot();
console.log(`wrote ${SNAPSHOT_PATH}`);
