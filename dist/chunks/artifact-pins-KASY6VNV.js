import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  MAX_CONFIG_BYTES,
  parseArtifactManifest,
  parseEntryConfig
} from "./chunk-HFCHWCOW.js";
import "./chunk-WJJBIXIY.js";
import "./chunk-O2NKV3CF.js";
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import {
  machineKeyOf
} from "./chunk-OCXTFSZJ.js";
import "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/sync/artifact-pins.ts
async function findArtifactPins(client, lock, warn) {
  const tags = new Set(await client.listTags());
  const pins = {};
  for (const build of Object.values(lock.builds)) {
    const machines = [...tags].flatMap((tag) => {
      const machine = machineKeyOf(tag, build.lock_key);
      return machine === void 0 ? [] : [[tag, machine]];
    });
    for (const [tag, machine] of machines.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
      try {
        const fetched = await client.getManifest(tag);
        const manifest = parseArtifactManifest(fetched.bytes);
        parseEntryConfig(await client.getBlobBytes(manifest.config.digest, Math.min(manifest.config.size, MAX_CONFIG_BYTES)), tag);
        (pins[build.lock_key] ??= {})[machine] = fetched.digest;
      } catch (error) {
        warn(`${client.location.display}:${tag} is not pinned: ${error.message}`);
      }
    }
  }
  return pins;
}
export {
  findArtifactPins
};
