// Unit tests of decoding stored counterparty and facility versions: amounts become bigint, the
// subject id, validFrom and sequence come from the row, and stored data of another shape is an
// error naming the field (never a silent default).
import { describe, expect, it } from "vitest";
import { counterpartyOf, facilityOf } from "./riskInputsRows.js";

const facilityData = {
  counterpartyId: "acme",
  product: "rcf",
  currency: "USD",
  drawnAccounts: ["loan:0"],
  interestAccounts: [],
  limit: "100000000000000000000000000001",
  ccf: "0.2",
  ccfFloorApplies: true,
  collateral: [{ type: "cash", currency: "EUR", amount: "5" }],
  guarantees: [{ guarantorId: "bank", currency: "USD", amount: "7" }],
  specificProvisions: "0",
};
const at = { subject: "f1", validFrom: "2026-01-01T00:00:00+01:00", sequence: 9 };

describe("facilityOf", () => {
  it("decodes amounts exactly as bigint and takes the id, validFrom and sequence from the row", () => {
    expect(facilityOf({ ...at, payload: JSON.stringify(facilityData) })).toEqual({
      ...facilityData,
      facilityId: "f1",
      limit: 100000000000000000000000000001n,
      collateral: [{ type: "cash", currency: "EUR", amount: 5n }],
      guarantees: [{ guarantorId: "bank", currency: "USD", amount: 7n }],
      specificProvisions: 0n,
      validFrom: at.validFrom,
      sequence: 9,
    });
  });

  it("refuses stored data of another shape, naming the field", () => {
    const decode = (data: object) => () => facilityOf({ ...at, payload: JSON.stringify(data) });
    expect(decode({ ...facilityData, limit: "1.5" })).toThrow("facility has no valid limit");
    expect(decode({ ...facilityData, limit: 15 })).toThrow("facility has no valid limit");
    expect(decode({ ...facilityData, drawnAccounts: [1] })).toThrow("no valid drawnAccounts");
    expect(decode({ ...facilityData, collateral: [{ type: "cash", currency: "EUR" }] })).toThrow(
      "facility collateral has no valid amount",
    );
    expect(decode({ ...facilityData, ccfFloorApplies: "yes" })).toThrow("no valid ccfFloorApplies");
    expect(() => facilityOf({ ...at, payload: "[]" })).toThrow("facility has no valid object");
  });
});

describe("counterpartyOf", () => {
  const data = {
    lei: null,
    legalName: "Acme",
    connectedGroupId: "g",
    ultimateParentId: null,
    sector: "K64",
    countryOfRisk: "DE",
    rating: "A",
    flags: {
      institution: true,
      globalSystemicallyImportant: false,
      sovereign: false,
      exempt: true,
    },
  };

  it("decodes the version with its flags", () => {
    expect(counterpartyOf({ ...at, payload: JSON.stringify(data) })).toEqual({
      ...data,
      counterpartyId: "f1",
      validFrom: at.validFrom,
      sequence: 9,
    });
  });

  it("refuses missing flags and a missing name", () => {
    const decode = (d: object) => () => counterpartyOf({ ...at, payload: JSON.stringify(d) });
    expect(decode({ ...data, flags: { ...data.flags, exempt: null } })).toThrow(
      "counterparty flags has no valid exempt",
    );
    expect(decode({ ...data, legalName: undefined })).toThrow("no valid legalName");
  });
});
