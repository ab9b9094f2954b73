// Constructed camt.053.001.08 and pacs.008.001.08 documents for the tests (our own data, not
// bank files): a valid statement and transfer whose parts a test can replace to break them.
export interface FixtureEntry {
  readonly ref?: string;
  readonly amount?: string;
  readonly ccy?: string;
  readonly cdtDbt?: string;
  readonly status?: string;
  readonly domain?: string;
  readonly family?: string;
  readonly subFamily?: string;
  readonly endToEndId?: string;
  readonly remittance?: string;
  readonly counterpartyIban?: string;
  readonly counterpartyName?: string;
}

export interface CamtFixture {
  readonly namespace?: string;
  readonly prolog?: string;
  readonly msgId?: string;
  readonly stmtId?: string;
  readonly ccy?: string;
  readonly entries?: readonly FixtureEntry[];
  readonly omitAccount?: boolean;
  /** Opening and closing balance amounts (default 1000.00 and 2457.90). */
  readonly balances?: readonly [string, string];
}

export const CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
export const PACS_NS = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";

export const DEFAULT_ENTRIES: readonly FixtureEntry[] = [
  {
    ref: "E1",
    amount: "1500.00",
    cdtDbt: "CRDT",
    remittance: "Invoice INV-1001",
    counterpartyIban: "DE89370400440532013000",
    counterpartyName: "Acme GmbH",
  },
  {
    ref: "E2",
    amount: "42.10",
    cdtDbt: "DBIT",
    domain: "PMNT",
    family: "CCRD",
    subFamily: "POSD",
    remittance: "Card payment",
  },
  { ref: "E3", amount: "7.00", cdtDbt: "CRDT", status: "PDNG" },
];

function party(entry: FixtureEntry): string {
  if (entry.counterpartyIban === undefined && entry.counterpartyName === undefined) return "";
  const role = (entry.cdtDbt ?? "CRDT") === "CRDT" ? "Dbtr" : "Cdtr";
  const name =
    entry.counterpartyName === undefined
      ? ""
      : `<${role}><Pty><Nm>${entry.counterpartyName}</Nm></Pty></${role}>`;
  const iban =
    entry.counterpartyIban === undefined
      ? ""
      : `<${role}Acct><Id><IBAN>${entry.counterpartyIban}</IBAN></Id></${role}Acct>`;
  return `<RltdPties>${name}${iban}</RltdPties>`;
}

function entryXml(entry: FixtureEntry): string {
  const remittance =
    entry.remittance === undefined ? "" : `<RmtInf><Ustrd>${entry.remittance}</Ustrd></RmtInf>`;
  return `
      <Ntry>
        ${entry.ref === undefined ? "" : `<NtryRef>${entry.ref}</NtryRef>`}
        <Amt Ccy="${entry.ccy ?? "EUR"}">${entry.amount ?? "1.00"}</Amt>
        <CdtDbtInd>${entry.cdtDbt ?? "CRDT"}</CdtDbtInd>
        <Sts><Cd>${entry.status ?? "BOOK"}</Cd></Sts>
        <BookgDt><Dt>2026-11-20</Dt></BookgDt>
        <ValDt><Dt>2026-11-21</Dt></ValDt>
        <AcctSvcrRef>SVC-${entry.ref ?? "X"}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>${entry.domain ?? "PMNT"}</Cd><Fmly><Cd>${entry.family ?? "RCDT"}</Cd><SubFmlyCd>${entry.subFamily ?? "ESCT"}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>${entry.endToEndId ?? "E2E-" + (entry.ref ?? "X")}</EndToEndId></Refs>${party(entry)}${remittance}</TxDtls></NtryDtls>
      </Ntry>`;
}

/** A camt.053.001.08 statement of one EUR account with the given entries. */
export function camtXml(fixture: CamtFixture = {}): string {
  const ccy = fixture.ccy ?? "EUR";
  const account =
    fixture.omitAccount === true
      ? ""
      : `<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>${ccy}</Ccy></Acct>`;
  return `${fixture.prolog ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<Document xmlns="${fixture.namespace ?? CAMT_NS}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${fixture.msgId ?? "MSG-2026-11-20"}</MsgId><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${fixture.stmtId ?? "STMT-1"}</Id>
      <ElctrncSeqNb>17</ElctrncSeqNb>
      <CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm>
      ${account}
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${fixture.balances?.[0] ?? "1000.00"}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${fixture.balances?.[1] ?? "2457.90"}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
      ${(fixture.entries ?? DEFAULT_ENTRIES).map(entryXml).join("")}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

export interface PacsTx {
  readonly instrId?: string;
  readonly e2e?: string;
  readonly txId?: string;
  readonly amount?: string;
  readonly ccy?: string;
  readonly remittance?: string;
  readonly creditorIban?: string;
  readonly settlementDate?: string;
}

export const DEFAULT_TXS: readonly PacsTx[] = [
  {
    instrId: "I1",
    e2e: "E2E-1",
    txId: "T1",
    amount: "250.00",
    remittance: "Salary Nov",
    creditorIban: "DE89370400440532013000",
  },
  {
    instrId: "I2",
    e2e: "E2E-2",
    txId: "T2",
    amount: "12.5",
    remittance: "Refund 77",
    settlementDate: "2026-11-23",
  },
];

function txXml(tx: PacsTx): string {
  return `
    <CdtTrfTxInf>
      <PmtId>${tx.instrId === undefined ? "" : `<InstrId>${tx.instrId}</InstrId>`}<EndToEndId>${tx.e2e ?? "E2E"}</EndToEndId>${tx.txId === undefined ? "" : `<TxId>${tx.txId}</TxId>`}</PmtId>
      <IntrBkSttlmAmt Ccy="${tx.ccy ?? "EUR"}">${tx.amount ?? "1.00"}</IntrBkSttlmAmt>
      ${tx.settlementDate === undefined ? "" : `<IntrBkSttlmDt>${tx.settlementDate}</IntrBkSttlmDt>`}
      <ChrgBr>SLEV</ChrgBr>
      <Dbtr><Nm>Debtor Ltd</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BICFI>NWBKGB2L</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Creditor AG</Nm></Cdtr>
      ${tx.creditorIban === undefined ? "" : `<CdtrAcct><Id><IBAN>${tx.creditorIban}</IBAN></Id></CdtrAcct>`}
      ${tx.remittance === undefined ? "" : `<RmtInf><Ustrd>${tx.remittance}</Ustrd></RmtInf>`}
    </CdtTrfTxInf>`;
}

/** A pacs.008.001.08 message with the given transactions. */
export function pacsXml(
  txs: readonly PacsTx[] = DEFAULT_TXS,
  namespace = PACS_NS,
  msgId = "PACS-MSG-1",
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${namespace}">
  <FIToFICstmrCdtTrf>
    <GrpHdr>
      <MsgId>${msgId}</MsgId>
      <CreDtTm>2026-11-22T09:30:00Z</CreDtTm>
      <NbOfTxs>${txs.length}</NbOfTxs>
      <IntrBkSttlmDt>2026-11-22</IntrBkSttlmDt>
      <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
    </GrpHdr>${txs.map(txXml).join("")}
  </FIToFICstmrCdtTrf>
</Document>
`;
}
