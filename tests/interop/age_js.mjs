// The TypeScript age implementation (npm `age-encryption`) and the community test vectors
// (npm `cctv-age`) as a small command line, for tests/test_storage_interop_js.py and
// tests/test_storage_vectors.py. tests/interop_tools.py installs both packages into a cache
// folder and copies this file there, so the bare imports below resolve.
//
//   node age_js.mjs keygen                       -> "AGE-SECRET-KEY-1... age1..." on stdout
//   node age_js.mjs keygen-pq                    -> "AGE-SECRET-KEY-PQ-1... age1pq1..."
//   node age_js.mjs recipient                    the recipient of the identity in $AGE_IDENTITY
//   node age_js.mjs encrypt RECIPIENT...         stdin plaintext -> stdout age file
//   node age_js.mjs encrypt-passphrase LOG2N     the passphrase in $AGE_PASSPHRASE
//   node age_js.mjs decrypt                      the identity in $AGE_IDENTITY
//   node age_js.mjs decrypt-passphrase           the passphrase in $AGE_PASSPHRASE
//   node age_js.mjs vectors FOLDER               writes every test vector to FOLDER/<name>
//
// Secrets travel in the environment, not in argv (which other users can list).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as age from "age-encryption";

async function readStdin() {
  const parts = [];
  for await (const part of process.stdin) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

const [command, ...args] = process.argv.slice(2);
if (command === "keygen" || command === "keygen-pq") {
  const identity =
    command === "keygen" ? await age.generateX25519Identity() : await age.generateHybridIdentity();
  process.stdout.write(`${identity} ${await age.identityToRecipient(identity)}\n`);
} else if (command === "recipient") {
  process.stdout.write(`${await age.identityToRecipient(need("AGE_IDENTITY"))}\n`);
} else if (command === "encrypt" || command === "encrypt-passphrase") {
  const encrypter = new age.Encrypter();
  if (command === "encrypt") {
    for (const recipient of args) encrypter.addRecipient(recipient);
  } else {
    encrypter.setPassphrase(need("AGE_PASSPHRASE"));
    encrypter.setScryptWorkFactor(Number(args[0]));
  }
  process.stdout.write(await encrypter.encrypt(await readStdin()));
} else if (command === "decrypt" || command === "decrypt-passphrase") {
  const decrypter = new age.Decrypter();
  if (command === "decrypt") decrypter.addIdentity(need("AGE_IDENTITY"));
  else decrypter.addPassphrase(need("AGE_PASSPHRASE"));
  process.stdout.write(await decrypter.decrypt(await readStdin()));
} else if (command === "vectors") {
  const vectors = await import("cctv-age");
  mkdirSync(args[0], { recursive: true });
  let count = 0;
  for (const [name, bytes] of Object.entries(vectors)) {
    if (name === "default") continue;
    writeFileSync(join(args[0], name), bytes);
    count += 1;
  }
  process.stdout.write(`${count}\n`);
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
