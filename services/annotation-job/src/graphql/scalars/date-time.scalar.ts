import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === "string" || typeof value === "number" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  return date;
}

/** An instant as an ISO-8601 string in UTC, e.g. "2025-01-31T12:00:00.000Z". */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: 'An instant as an ISO-8601 string in UTC, e.g. "2025-01-31T12:00:00.000Z".',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be a string");
    return toDate(ast.value);
  },
});
