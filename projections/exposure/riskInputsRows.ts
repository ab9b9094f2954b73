// Decoding the stored data of counterparty and facility versions (the json of their events,
// validated against the event schemas when they were recorded) into the read model's shapes,
// amounts as bigint; StoredReader is shared with the IFRS 9 inputs' decoders
// (ifrs9InputsRows.ts). Hand-written checks rather than zod: an answer decodes one object per
// subject (10,000 facilities and more), and these checks cost a tenth of a zod parse. A stored
// object of another shape is an error naming the field, never a silent default.
import type { CounterpartyVersion, FacilityVersion, MoneyItem } from "./exposureTypes.js";

type Fields = Readonly<Record<string, unknown>>;

class StoredDataError extends Error {
  constructor(what: string, field: string) {
    super(`risk_inputs: stored ${what} has no valid ${field}`);
    this.name = "StoredDataError";
  }
}

/** Typed reads of one stored object's fields; each throws StoredDataError on another type. */
export class StoredReader {
  constructor(
    private readonly what: string,
    private readonly fields: Fields,
  ) {}

  static of(what: string, value: unknown): StoredReader {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new StoredDataError(what, "object");
    }
    return new StoredReader(what, value as Fields);
  }

  string(key: string): string {
    const value = this.fields[key];
    if (typeof value !== "string") throw new StoredDataError(this.what, key);
    return value;
  }

  nullableString(key: string): string | null {
    return this.fields[key] === null ? null : this.string(key);
  }

  boolean(key: string): boolean {
    const value = this.fields[key];
    if (typeof value !== "boolean") throw new StoredDataError(this.what, key);
    return value;
  }

  /** A safe integer (JSON number). */
  integer(key: string): number {
    const value = this.fields[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw new StoredDataError(this.what, key);
    }
    return value;
  }

  /** One of `values`. */
  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.string(key);
    if (!(values as readonly string[]).includes(value)) throw new StoredDataError(this.what, key);
    return value as T;
  }

  /** Minor units: a non-negative integer string, as bigint. */
  minorUnits(key: string): bigint {
    const value = this.string(key);
    if (!/^[0-9]+$/.test(value)) throw new StoredDataError(this.what, key);
    return BigInt(value);
  }

  strings(key: string): string[] {
    const value = this.fields[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw new StoredDataError(this.what, key);
    }
    return value;
  }

  object(key: string): StoredReader {
    return StoredReader.of(`${this.what} ${key}`, this.fields[key]);
  }

  objects(key: string): StoredReader[] {
    const value = this.fields[key];
    if (!Array.isArray(value)) throw new StoredDataError(this.what, key);
    return value.map((item: unknown) => StoredReader.of(`${this.what} ${key}`, item));
  }
}

const moneyOf = (item: StoredReader): MoneyItem => ({
  currency: item.string("currency"),
  amount: item.minorUnits("amount"),
});

/** Where a stored version stands: its subject id, validFrom and the sequence that recorded it. */
export interface StoredVersion {
  readonly subject: string;
  readonly validFrom: string;
  readonly sequence: number;
  /** The json of the event's data, less the subject id, record id, validFrom and fingerprint. */
  readonly payload: string;
}

/** A CounterpartyRecorded's stored data as the version in force. */
export function counterpartyOf(stored: StoredVersion): CounterpartyVersion {
  const data = StoredReader.of("counterparty", JSON.parse(stored.payload));
  const flags = data.object("flags");
  return {
    counterpartyId: stored.subject,
    lei: data.nullableString("lei"),
    legalName: data.string("legalName"),
    connectedGroupId: data.nullableString("connectedGroupId"),
    ultimateParentId: data.nullableString("ultimateParentId"),
    sector: data.string("sector"),
    countryOfRisk: data.string("countryOfRisk"),
    rating: data.nullableString("rating"),
    flags: {
      institution: flags.boolean("institution"),
      globalSystemicallyImportant: flags.boolean("globalSystemicallyImportant"),
      sovereign: flags.boolean("sovereign"),
      exempt: flags.boolean("exempt"),
    },
    validFrom: stored.validFrom,
    sequence: stored.sequence,
  };
}

/** A FacilityRecorded's stored data as the version in force. */
export function facilityOf(stored: StoredVersion): FacilityVersion {
  const data = StoredReader.of("facility", JSON.parse(stored.payload));
  return {
    facilityId: stored.subject,
    counterpartyId: data.string("counterpartyId"),
    product: data.string("product"),
    currency: data.string("currency"),
    drawnAccounts: data.strings("drawnAccounts"),
    interestAccounts: data.strings("interestAccounts"),
    limit: data.minorUnits("limit"),
    ccf: data.string("ccf"),
    ccfFloorApplies: data.boolean("ccfFloorApplies"),
    collateral: data.objects("collateral").map((c) => ({ type: c.string("type"), ...moneyOf(c) })),
    guarantees: data
      .objects("guarantees")
      .map((g) => ({ guarantorId: g.string("guarantorId"), ...moneyOf(g) })),
    specificProvisions: data.minorUnits("specificProvisions"),
    validFrom: stored.validFrom,
    sequence: stored.sequence,
  };
}
