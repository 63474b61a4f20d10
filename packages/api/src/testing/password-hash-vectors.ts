import { type ImportedHash } from '../lib/password-hashes/imported-hash.ts';

/** Appwrite's e2e vectors, every one a hash of `appwrite`. */
export const APPWRITE_VECTORS: Record<string, ImportedHash> = {
  md5: { algorithm: 'md5', hash: '144fa7eaa4904e8ee120651997f70dcc' },
  bcrypt: { algorithm: 'bcrypt', hash: '$2a$15$xX/myGbFU.ZSKHSi6EHdBOySTdYm8QxBLXmOPHrYMwV0mHRBBSBOq' },
  argon2: {
    algorithm: 'argon2',
    hash: '$argon2i$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
  },
  sha: {
    algorithm: 'sha',
    version: 'sha512',
    hash: '4243da0a694e8a2f727c8060fe0507c8fa01ca68146c76d2c190805b638c20c6bf6ba04e21f11ae138785d0bff63c416e6f87badbffad37f6dee50094cc38c70',
  },
  scrypt: {
    algorithm: 'scrypt',
    salt: 'appwrite',
    costCpu: 16384,
    costMemory: 13,
    costParallel: 2,
    length: 64,
    hash: '3fdef49701bc4cfaacd551fe017283513284b4731e6945c263246ef948d3cf63b5d269c31fd697246085111a428245e24a4ddc6b64c687bc60a8910dbafc1d5b',
  },
  phpass: { algorithm: 'phpass', hash: '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.' },
  scryptMod: {
    algorithm: 'scryptMod',
    salt: 'UxLMreBr6tYyjQ==',
    saltSeparator: 'Bw==',
    signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
    hash: 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==',
  },
};
