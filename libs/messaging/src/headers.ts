/** Header names of the Prelabel message envelope: metadata in headers, the proto message alone in the body. */
export const Header = {
  msgId: "Nats-Msg-Id",
  type: "Prelabel-Type",
  occurredAt: "Prelabel-Occurred-At",
  traceparent: "traceparent",
  serviceError: "Nats-Service-Error",
  serviceErrorCode: "Nats-Service-Error-Code",
} as const;
