export { createActivityLogConsumer, type ActivityLogConsumerOptions } from './consumer.ts';
export { AUDITED_TEMPLATES, auditLabel, type AuditLabel } from './labels.ts';
export { parseUserAgent, type UserAgentFields, type UserAgentParser } from './user-agent.ts';
export { noCountry, openCountryDatabase, UNKNOWN_COUNTRY, type CountryResolver } from './geoip.ts';
