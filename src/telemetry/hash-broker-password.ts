// Prints the scrypt hash of a password read from stdin, for MQTT_BROKER_USERS_FILE:
//   printf '%s' "$PASSWORD" | npx tsx src/telemetry/hash-broker-password.ts
import { hashBrokerPassword } from './broker-users.js';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const password = Buffer.concat(chunks)
  .toString('utf8')
  .replace(/\r?\n$/, '');
if (password === '') {
  console.error('give the password on stdin');
  process.exit(1);
}
console.log(await hashBrokerPassword(password));
