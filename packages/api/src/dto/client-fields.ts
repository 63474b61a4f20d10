import { z } from 'zod';

/**
 * The client fields Appwrite's Session and Log models share, in their order: what the User-Agent
 * parser and the country lookup give for a session's or an action's request.
 */
export const CLIENT_FIELDS = {
  osCode: z.string(),
  osName: z.string(),
  osVersion: z.string(),
  clientType: z.string(),
  clientCode: z.string(),
  clientName: z.string(),
  clientVersion: z.string(),
  clientEngine: z.string(),
  clientEngineVersion: z.string(),
  deviceName: z.string(),
  deviceBrand: z.string(),
  deviceModel: z.string(),
  countryCode: z.string(),
  countryName: z.string(),
};
