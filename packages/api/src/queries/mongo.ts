/**
 * The MongoDB shapes the query compiler produces: plain objects that a repository's listing runs
 * (@roster/db filters.ts, where they are defined).
 */
export { allOf, MATCH_NOTHING, type Filter as MongoFilter, type Sort as MongoSort } from '@roster/db';
