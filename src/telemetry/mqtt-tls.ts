// TLS for the connection to an external broker (MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_KEY_FILE,
// MQTT_REJECT_UNAUTHORIZED): file paths → the options MQTT.js passes to tls.connect.
import { readFileSync } from 'node:fs';

export interface MqttTlsFiles {
  /** PEM CA bundle that signed the broker's certificate (else the system's CAs). */
  caFile?: string | undefined;
  /** PEM client certificate and key, for brokers that authenticate clients by certificate. */
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Default true. False accepts any broker certificate: development only. */
  rejectUnauthorized?: boolean | undefined;
}

export interface MqttTlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

export class MqttTlsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MqttTlsError';
  }
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new MqttTlsError(`cannot read ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function mqttTlsOptions(files: MqttTlsFiles): MqttTlsOptions {
  if ((files.certFile === undefined) !== (files.keyFile === undefined))
    throw new MqttTlsError('a client certificate needs both MQTT_CERT_FILE and MQTT_KEY_FILE');
  return {
    ...(files.caFile ? { ca: read(files.caFile, 'MQTT_CA_FILE') } : {}),
    ...(files.certFile ? { cert: read(files.certFile, 'MQTT_CERT_FILE') } : {}),
    ...(files.keyFile ? { key: read(files.keyFile, 'MQTT_KEY_FILE') } : {}),
    rejectUnauthorized: files.rejectUnauthorized ?? true,
  };
}
