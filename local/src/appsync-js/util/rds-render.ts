/**
 * createPgStatement / createMySQLStatement: the request an AMAZON_RDS resolver returns,
 * `{ statements, variableMap, variableTypeHintMap }`, rendered as AWS renders it. The forms AWS's
 * EvaluateCode recorded (docs/rds.md lists them) are matched to the character:
 *   SELECT "id", "name" FROM "UserGroup" WHERE ("name" = :P0) OR ("id" > :P1) ORDER BY "name" ASC, "id" DESC LIMIT :P2 OFFSET :P3
 *   INSERT INTO "persons" ("name") VALUES (:P0) RETURNING *
 *   UPDATE "persons" SET "name" = :P0, "birthday" = :P1 WHERE "id" = :P2
 *   DELETE FROM "persons" WHERE "id" = :P0 RETURNING "id", "name"
 * Every value goes to the variable map (never into the text), numbered across both statements.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { aggregateOf, statementOf, typedValueOf, type Aggregate, type Statement } from './rds-statements';

export interface RdsRequest {
  statements: string[];
  variableMap: Record<string, unknown>;
  variableTypeHintMap: Record<string, string>;
}

type Dialect = 'postgresql' | 'mysql';

const OPERATORS: Record<string, string> = { eq: '=', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const AGGREGATE_SQL: Record<Aggregate['aggregate'], [string, boolean]> = {
  max: ['MAX', false],
  maxDistinct: ['MAX', true],
  min: ['MIN', false],
  minDistinct: ['MIN', true],
  count: ['COUNT', false],
  countDistinct: ['COUNT', true],
  avg: ['AVG', false],
  avgDistinct: ['AVG', true],
  sum: ['SUM', false],
  sumDistinct: ['SUM', true],
};
const JOINS: Record<string, string> = {
  join: 'JOIN',
  innerJoin: 'INNER JOIN',
  leftJoin: 'LEFT JOIN',
  leftOuterJoin: 'LEFT OUTER JOIN',
  rightJoin: 'RIGHT JOIN',
  rightOuterJoin: 'RIGHT OUTER JOIN',
  fullOuterJoin: 'FULL OUTER JOIN',
  crossJoin: 'CROSS JOIN',
  joinNatural: 'NATURAL JOIN',
  innerJoinNatural: 'NATURAL INNER JOIN',
  leftJoinNatural: 'NATURAL LEFT JOIN',
  leftOuterJoinNatural: 'NATURAL LEFT OUTER JOIN',
  rightJoinNatural: 'NATURAL RIGHT JOIN',
  rightOuterJoinNatural: 'NATURAL RIGHT OUTER JOIN',
  fullOuterJoinNatural: 'NATURAL FULL OUTER JOIN',
};
const POSTGRES_ONLY_JOINS = new Set(['fullOuterJoin', 'fullOuterJoinNatural']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Renderer {
  private readonly quote: string;
  readonly request: RdsRequest = { statements: [], variableMap: {}, variableTypeHintMap: {} };
  private next = 0;

  constructor(private readonly dialect: Dialect) {
    this.quote = dialect === 'postgresql' ? '"' : '`';
  }

  /** A value as a placeholder; a typeHint value also names its type. */
  variable(value: unknown): string {
    const name = `:P${this.next}`;
    this.next += 1;
    const typed = typedValueOf(value);
    if (typed) {
      this.request.variableMap[name] = typed.value;
      this.request.variableTypeHintMap[name] = typed.type;
    } else {
      this.request.variableMap[name] = value === undefined ? null : value;
    }
    return name;
  }

  /** `schema.table` -> "schema"."table"; `*` stays bare. The quote character is doubled inside. */
  identifier(name: string): string {
    return name
      .split('.')
      .map((part) => (part === '*' ? part : `${this.quote}${part.split(this.quote).join(this.quote + this.quote)}${this.quote}`))
      .join('.');
  }

  /** A value in a statement's text: a nested statement inline, anything else as a placeholder. */
  operand(value: unknown): string {
    const nested = statementOf(value);
    if (nested) return nested.kind === 'sql' ? this.render(nested) : `(${this.render(nested)})`;
    return this.variable(value);
  }

  render(statement: Statement): string {
    switch (statement.kind) {
      case 'sql':
        return statement.strings.reduce((text, piece, i) => (i === 0 ? piece : `${text}${this.operand(statement.values[i - 1])}${piece}`), '');
      case 'select':
        return this.select(statement.payload);
      case 'insert':
        return this.insert(statement.payload);
      case 'update':
        return this.update(statement.payload);
      case 'remove':
        return this.remove(statement.payload);
    }
  }

  /** table/from: a name, `{ alias: name | select | sql }`, or a select/sql as a subquery. */
  private source(payload: Record<string, unknown>): string {
    const source = payload.table ?? payload.from;
    if (typeof source === 'string') return this.identifier(source);
    const nested = statementOf(source);
    if (nested) return `(${this.render(nested)})`;
    if (isRecord(source)) {
      const entries = Object.entries(source);
      if (entries.length !== 1) throw new TypeError('A table alias names exactly one table: { alias: "table" }.');
      const [alias, target] = entries[0] as [string, unknown];
      const inner = statementOf(target);
      const rendered = inner ? `(${this.render(inner)})` : this.identifier(String(target));
      return `${rendered} AS ${this.identifier(alias)}`;
    }
    throw new TypeError('The table must be a name, an alias object or a statement.');
  }

  private column(column: unknown): string {
    if (typeof column === 'string') return this.identifier(column);
    const aggregate = aggregateOf(column);
    if (aggregate) return this.aggregate(aggregate);
    if (isRecord(column)) {
      return Object.entries(column)
        .map(([alias, target]) => {
          const nested = statementOf(target);
          const rendered = nested ? `(${this.render(nested)})` : this.column(target);
          return `${rendered} AS ${this.identifier(alias)}`;
        })
        .join(', ');
    }
    throw new TypeError(`A column must be a name, an alias object or an aggregate, not ${JSON.stringify(column)}.`);
  }

  private aggregate({ aggregate, column }: Aggregate): string {
    const [fn, distinct] = AGGREGATE_SQL[aggregate];
    return `${fn}(${distinct ? 'DISTINCT ' : ''}${this.identifier(column)})`;
  }

  private columns(columns: unknown): string {
    if (columns === undefined || columns === '*') return '*';
    if (!Array.isArray(columns)) throw new TypeError("columns must be an array or '*'.");
    return columns.map((c) => this.column(c)).join(', ');
  }

  /** A where (or having) object: one part bare, several parts each in parentheses, AND'ed. */
  condition(where: unknown): string {
    const nested = statementOf(where);
    if (nested) return this.render(nested);
    if (!isRecord(where)) throw new TypeError('A condition must be an object or an sql statement.');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === 'and' || key === 'or') {
        if (!Array.isArray(value)) throw new TypeError(`${key} takes an array of conditions.`);
        parts.push(value.map((c) => `(${this.condition(c)})`).join(key === 'and' ? ' AND ' : ' OR '));
      } else if (key === 'not') {
        const list = Array.isArray(value) ? value : [value];
        const inner = list.length === 1 ? this.condition(list[0]) : list.map((c) => `(${this.condition(c)})`).join(' AND ');
        parts.push(`NOT (${inner})`);
      } else {
        parts.push(...this.columnConditions(this.identifier(key), value));
      }
    }
    if (parts.length === 0) throw new TypeError('A condition object needs at least one column or and/or/not.');
    return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' AND ');
  }

  private columnConditions(column: string, operators: unknown): string[] {
    if (!isRecord(operators)) throw new TypeError(`The condition on ${column} must be an object of operators, e.g. { eq: value }.`);
    const out: string[] = [];
    for (const [operator, value] of Object.entries(operators)) {
      if (value === undefined) continue;
      const aggregate = AGGREGATE_SQL[operator as Aggregate['aggregate']];
      if (aggregate) {
        const [fn, distinct] = aggregate;
        out.push(...this.columnConditions(`${fn}(${distinct ? 'DISTINCT ' : ''}${column})`, value));
        continue;
      }
      out.push(this.comparison(column, operator, value));
    }
    return out;
  }

  private comparison(column: string, operator: string, value: unknown): string {
    const symbol = OPERATORS[operator];
    if (symbol) {
      if (value === null && (operator === 'eq' || operator === 'ne')) return `${column} IS ${operator === 'eq' ? '' : 'NOT '}NULL`;
      return `${column} ${symbol} ${this.operand(value)}`;
    }
    switch (operator) {
      case 'beginsWith':
        return `${column} LIKE ${this.variable(this.pattern(value, '', '%'))}`;
      case 'contains':
        return `${column} LIKE ${this.variable(this.pattern(value, '%', '%'))}`;
      case 'notContains':
        return `${column} NOT LIKE ${this.variable(this.pattern(value, '%', '%'))}`;
      case 'between': {
        if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`between on ${column} takes two values: [low, high].`);
        return `${column} BETWEEN ${this.operand(value[0])} AND ${this.operand(value[1])}`;
      }
      case 'attributeExists':
        return `${column} IS ${value ? 'NOT ' : ''}NULL`;
      case 'size': {
        const parts = this.columnConditions(`LENGTH(${column})`, value);
        return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' AND ');
      }
      default:
        throw new TypeError(`Unsupported operator ${operator} on ${column}.`);
    }
  }

  /** LIKE patterns: the value's own % and _ match literally. */
  private pattern(value: unknown, before: string, after: string): unknown {
    const typed = typedValueOf(value);
    const raw = typed ? typed.value : value;
    if (typeof raw !== 'string') throw new TypeError('beginsWith, contains and notContains take a string.');
    const escaped = raw.replace(/[\\%_]/g, (c) => `\\${c}`);
    return typed ? { type: typed.type, value: `${before}${escaped}${after}` } : `${before}${escaped}${after}`;
  }

  private joins(payload: Record<string, unknown>): string {
    let out = '';
    for (const [key, keyword] of Object.entries(JOINS)) {
      const list = payload[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new TypeError(`${key} takes an array of joins.`);
      if (POSTGRES_ONLY_JOINS.has(key) && this.dialect === 'mysql') throw new TypeError(`${key} is supported only by PostgreSQL.`);
      for (const join of list) {
        if (!isRecord(join)) throw new TypeError(`Each ${key} entry is an object: { table, using } or { table, on }.`);
        let clause = ` ${keyword} ${this.source(join)}`;
        if (join.using !== undefined) {
          if (!Array.isArray(join.using)) throw new TypeError('using takes an array of column names.');
          clause += ` USING (${join.using.map((c) => this.column(c)).join(', ')})`;
        } else if (join.on !== undefined) {
          clause += ` ON ${this.condition(join.on)}`;
        }
        out += clause;
      }
    }
    return out;
  }

  private returning(payload: Record<string, unknown>): string {
    if (payload.returning === undefined) return '';
    if (this.dialect === 'mysql') throw new TypeError('returning is supported only by PostgreSQL (createPgStatement).');
    return ` RETURNING ${this.columns(payload.returning)}`;
  }

  private where(payload: Record<string, unknown>): string {
    return payload.where === undefined || payload.where === null ? '' : ` WHERE ${this.condition(payload.where)}`;
  }

  private select(payload: Record<string, unknown>): string {
    let text = `SELECT ${this.columns(payload.columns)} FROM ${this.source(payload)}${this.joins(payload)}${this.where(payload)}`;
    if (Array.isArray(payload.groupBy) && payload.groupBy.length > 0) {
      text += ` GROUP BY ${payload.groupBy.map((g) => (typeof g === 'number' ? String(g) : this.identifier(String(g)))).join(', ')}`;
    }
    if (payload.having !== undefined) text += ` HAVING ${this.condition(payload.having)}`;
    if (Array.isArray(payload.orderBy) && payload.orderBy.length > 0) {
      const order = payload.orderBy.map((o: unknown) => {
        if (!isRecord(o) || typeof o.column !== 'string') throw new TypeError('orderBy takes objects { column, dir? }.');
        const dir = o.dir === undefined ? 'ASC' : String(o.dir).toUpperCase();
        if (dir !== 'ASC' && dir !== 'DESC') throw new TypeError(`orderBy dir must be ASC or DESC, not ${String(o.dir)}.`);
        return `${this.identifier(o.column)} ${dir}`;
      });
      text += ` ORDER BY ${order.join(', ')}`;
    }
    if (payload.limit !== undefined && payload.limit !== null) text += ` LIMIT ${this.variable(payload.limit)}`;
    if (payload.offset !== undefined && payload.offset !== null) text += ` OFFSET ${this.variable(payload.offset)}`;
    return text;
  }

  private insert(payload: Record<string, unknown>): string {
    const entries = Object.entries(payload.values as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const columns = entries.map(([c]) => this.identifier(c)).join(', ');
    const values = entries.map(([, v]) => this.operand(v)).join(', ');
    return `INSERT INTO ${this.source(payload)} (${columns}) VALUES (${values})${this.returning(payload)}`;
  }

  private update(payload: Record<string, unknown>): string {
    const entries = Object.entries(payload.values as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) throw new TypeError('update: values names no column to set.');
    const set = entries.map(([c, v]) => `${this.identifier(c)} = ${this.operand(v)}`).join(', ');
    return `UPDATE ${this.source(payload)} SET ${set}${this.where(payload)}${this.returning(payload)}`;
  }

  private remove(payload: Record<string, unknown>): string {
    return `DELETE FROM ${this.source(payload)}${this.where(payload)}${this.returning(payload)}`;
  }
}

function create(dialect: Dialect, first: unknown, second: unknown): RdsRequest {
  const renderer = new Renderer(dialect);
  for (const statement of second === undefined || second === null ? [first] : [first, second]) {
    if (typeof statement === 'string') {
      // A plain string is sent as written (AWS: `UPDATE "document" set "data" = 10 WHERE id = ...`).
      renderer.request.statements.push(statement);
      continue;
    }
    const parsed = statementOf(statement);
    if (!parsed) throw new TypeError('A statement must be a string or made by sql, select, insert, update or remove.');
    renderer.request.statements.push(renderer.render(parsed));
  }
  return renderer.request;
}

export function createPgStatement(statement1: unknown, statement2?: unknown): RdsRequest {
  return create('postgresql', statement1, statement2);
}

export function createMySQLStatement(statement1: unknown, statement2?: unknown): RdsRequest {
  return create('mysql', statement1, statement2);
}
