// Runs the shared EventStore contract suite against the in-memory adapter.
import { describeEventStoreContract } from "../testing/eventStoreContract.js";
import { createMemoryEventStore } from "./memoryEventStore.js";

describeEventStoreContract("memory", () => Promise.resolve(createMemoryEventStore()));
