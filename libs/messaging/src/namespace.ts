/**
 * Every subject, stream and bucket name passes through a namespace, so several
 * deployments (or test runs) can share one NATS server without seeing each other.
 */
export class NatsNamespace {
  constructor(readonly prefix: string = "") {
    if (prefix && !/^[a-z0-9][a-z0-9-]*$/.test(prefix)) {
      throw new Error(`NATS namespace "${prefix}" must be lowercase letters, digits and dashes`);
    }
  }

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix.toUpperCase().replace(/-/g, "_")}_${name}` : name;
  }

  bucket(name: string): string {
    return this.prefix ? `${this.prefix}-${name}` : name;
  }
}
