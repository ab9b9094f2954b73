// In-memory command forwarding for tests: a MemoryForwardingTable stands for the message bus,
// and each MemoryCommandForwarding on it for one process. Every message and reply goes through
// JSON.stringify / JSON.parse, as on a real wire, so what a test sees forwarded is what a
// real transport would carry. A test can make forwards time out (the owner never answers).
import type {
  CommandForwarding,
  ForwardHandler,
  ForwardMessage,
  ForwardReply,
  Served,
} from "../commandForwarding.js";
import { WriterError } from "../writerOptions.js";

/** Which handlers serve each ledger: the bus, shared by the processes of a test. */
export class MemoryForwardingTable {
  readonly servers = new Map<string, Set<ForwardHandler>>();
}

export class MemoryCommandForwarding implements CommandForwarding {
  /** Messages this process forwarded that an owner answered. */
  forwarded = 0;
  /** Messages this process answered as the owner. */
  served = 0;
  private silent = false;

  constructor(readonly table: MemoryForwardingTable = new MemoryForwardingTable()) {}

  serve(ledgerId: string, handler: ForwardHandler): Promise<Served> {
    const servers = this.table.servers.get(ledgerId) ?? new Set<ForwardHandler>();
    this.table.servers.set(ledgerId, servers);
    const counted: ForwardHandler = (message) => {
      this.served += 1;
      return handler(message);
    };
    servers.add(counted);
    return Promise.resolve({
      stop: () => {
        servers.delete(counted);
        if (servers.size === 0 && this.table.servers.get(ledgerId) === servers) {
          this.table.servers.delete(ledgerId);
        }
        return Promise.resolve();
      },
    });
  }

  async forward(ledgerId: string, message: ForwardMessage): Promise<ForwardReply | "no_owner"> {
    // A queue group: one server answers (the first; two only while an owner hands over).
    const [handler] = this.table.servers.get(ledgerId) ?? [];
    if (handler === undefined) return "no_owner";
    const sent = JSON.parse(JSON.stringify(message)) as ForwardMessage;
    const reply = await handler(sent);
    if (this.silent) {
      throw new WriterError("forward_timeout", `no reply for ledger ${ledgerId} (test)`);
    }
    this.forwarded += 1;
    return JSON.parse(JSON.stringify(reply)) as ForwardReply;
  }

  /** Test hook: replies are lost (the owner decides, the forwarder times out) until false. */
  loseReplies(silent: boolean): void {
    this.silent = silent;
  }
}
