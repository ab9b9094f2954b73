// Generated from Folio's OpenAPI document by `npm run client:generate` (openapi-typescript).
// Do not edit: client/schema.spec.ts fails when this file and the API disagree.
export interface paths {
  "/health/live": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness probe
     * @description Answers 200 while the process runs; it checks nothing else.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The process is up */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "status": "ok"
             *     }
             */
            "application/json": {
              /** @enum {string} */
              status: "ok";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/health/ready": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness probe
     * @description Runs the readiness checks (database reachable, writers loaded, read models running and within FOLIO_READY_MAX_LAG_SECONDS / FOLIO_READY_MAX_LAG_EVENTS): 200 when all pass, 503 with the same report when any fails. Lists each read model's lag. Why a check failed is shown only to an admin or auditor key (the server log has it too).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The readiness checks and their results */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "ready": true,
             *       "checks": {
             *         "database": {
             *           "ok": true
             *         },
             *         "writers": {
             *           "ok": true,
             *           "detail": "3 ledgers open"
             *         }
             *       }
             *     }
             */
            "application/json": {
              checks: {
                [key: string]: {
                  /** @description Why the check failed, or what it found */
                  detail?: string;
                  ok: boolean;
                };
              };
              /** @description Cluster mode (FOLIO_CLUSTER=on): reported, never a reason to be unready */
              cluster?: {
                /** @description Requests forwarded to a ledger's owner, by outcome (answered, no_owner, code) */
                forwarded: {
                  [key: string]: number;
                };
                /**
                 * @description Where the ledger leases live
                 * @enum {string}
                 */
                leases: "postgres" | "nats";
                /** @description Leases lost without being released, by reason */
                leasesLost: {
                  [key: string]: number;
                };
                /** @description Ledgers whose lease this process holds now */
                ledgersOwned: number;
                /** @description Requests other processes forwarded here, answered */
                served: number;
              };
              /** @description The NATS connectors (NATS_URL): reported, never a reason to be unready */
              connectors?: {
                commandIntake?: {
                  connected: boolean;
                  errors: number;
                  refused: number;
                  served: number;
                };
                publisher?: {
                  eventsPublished: number;
                  /** @description Ledger events stored and not yet published */
                  lagEvents: number;
                  lastPublishedAt: string | null;
                  /** @description starting, running, standby, stalled or stopped */
                  state: string;
                };
              };
              /** @description Each read model and its lag */
              projections?: {
                /** @description False while this version is built to replace the readers' one */
                active: boolean;
                /** @description Why it retries or why it stopped */
                error: string | null;
                /** @description Events stored after its checkpoint (counted up to 100,000) */
                lagEvents: number;
                /** @description True when lagEvents is only a lower bound */
                lagEventsCapped: boolean;
                /** @description How long the oldest event not applied yet has waited */
                lagSeconds: number;
                name: string;
                /** @description starting, standby, running, caught_up, retrying, failed or stopped */
                state: string;
                version: number;
              }[];
              /** @description True when every check passed */
              ready: boolean;
            };
          };
        };
        /** @description At least one check failed */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "ready": false,
             *       "checks": {
             *         "database": {
             *           "ok": false,
             *           "detail": "connect ECONNREFUSED 127.0.0.1:5432"
             *         },
             *         "writers": {
             *           "ok": true
             *         }
             *       }
             *     }
             */
            "application/json": {
              checks: {
                [key: string]: {
                  /** @description Why the check failed, or what it found */
                  detail?: string;
                  ok: boolean;
                };
              };
              /** @description Cluster mode (FOLIO_CLUSTER=on): reported, never a reason to be unready */
              cluster?: {
                /** @description Requests forwarded to a ledger's owner, by outcome (answered, no_owner, code) */
                forwarded: {
                  [key: string]: number;
                };
                /**
                 * @description Where the ledger leases live
                 * @enum {string}
                 */
                leases: "postgres" | "nats";
                /** @description Leases lost without being released, by reason */
                leasesLost: {
                  [key: string]: number;
                };
                /** @description Ledgers whose lease this process holds now */
                ledgersOwned: number;
                /** @description Requests other processes forwarded here, answered */
                served: number;
              };
              /** @description The NATS connectors (NATS_URL): reported, never a reason to be unready */
              connectors?: {
                commandIntake?: {
                  connected: boolean;
                  errors: number;
                  refused: number;
                  served: number;
                };
                publisher?: {
                  eventsPublished: number;
                  /** @description Ledger events stored and not yet published */
                  lagEvents: number;
                  lastPublishedAt: string | null;
                  /** @description starting, running, standby, stalled or stopped */
                  state: string;
                };
              };
              /** @description Each read model and its lag */
              projections?: {
                /** @description False while this version is built to replace the readers' one */
                active: boolean;
                /** @description Why it retries or why it stopped */
                error: string | null;
                /** @description Events stored after its checkpoint (counted up to 100,000) */
                lagEvents: number;
                /** @description True when lagEvents is only a lower bound */
                lagEventsCapped: boolean;
                /** @description How long the oldest event not applied yet has waited */
                lagSeconds: number;
                name: string;
                /** @description starting, standby, running, caught_up, retrying, failed or stopped */
                state: string;
                version: number;
              }[];
              /** @description True when every check passed */
              ready: boolean;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/keys": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List API keys (admin): at most 1000, newest first, no secrets
     * @description An admin scoped to some ledgers sees only the keys scoped within its ledgers.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description API keys, never their secrets */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description At most 1000 keys, newest first, revoked ones included */
              keys: {
                /** @description When the key was created (ISO 8601) */
                createdAt: string;
                /**
                 * @description The key's public id (not its secret)
                 * @example k3j7q2mxa5td
                 */
                keyId: string;
                /** @description Ledger ids the key may touch, or ["*"] */
                ledgers: string[];
                /** @description Who uses the key */
                name: string;
                /** @description When the key was revoked, or null if active */
                revokedAt: string | null;
                /** @description The key's roles */
                roles: ("admin" | "poster" | "auditor" | "risk" | "risk-admin")[];
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API key (admin); its secret is returned once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description A new API key */
      requestBody: {
        content: {
          "application/json": {
            /**
             * @description Ledger ids the key may touch, or ["*"] for every ledger
             * @example [
             *       "acme-eur"
             *     ]
             */
            ledgers: ("*" | string)[];
            /**
             * @description Who uses the key; recorded in the actor of every entry it writes
             * @example payments-service
             */
            name: string;
            /**
             * @description admin: everything, keys included; poster: commands and reads; auditor: reads, audit, digests; risk: balances, exposure, IFRS 9; risk-admin: the risk inputs (counterparties, facilities, FX rates, capital base) and the IFRS 9 inputs (terms, credit assessments, write-offs, parameters)
             * @example [
             *       "poster"
             *     ]
             */
            roles: ("admin" | "poster" | "auditor" | "risk" | "risk-admin")[];
          };
        };
      };
      responses: {
        /** @description The new key and its secret (store it now: it cannot be shown again) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description When the key was created (ISO 8601) */
              createdAt: string;
              /** @description The secret, shown only in this response: send it as Authorization: Bearer <key> */
              key: string;
              /**
               * @description The key's public id (not its secret)
               * @example k3j7q2mxa5td
               */
              keyId: string;
              /** @description Ledger ids the key may touch, or ["*"] */
              ledgers: string[];
              /** @description Who uses the key */
              name: string;
              /** @description When the key was revoked, or null if active */
              revokedAt: string | null;
              /** @description The key's roles */
              roles: ("admin" | "poster" | "auditor" | "risk" | "risk-admin")[];
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/keys/{keyId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke an API key (admin); idempotent
     * @description Refused (409 last_admin_key) for the last active admin key; 404 for a key outside the caller's scope.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The key's public id (not its secret) */
          keyId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description An API key, without its secret */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description When the key was created (ISO 8601) */
              createdAt: string;
              /**
               * @description The key's public id (not its secret)
               * @example k3j7q2mxa5td
               */
              keyId: string;
              /** @description Ledger ids the key may touch, or ["*"] */
              ledgers: string[];
              /** @description Who uses the key */
              name: string;
              /** @description When the key was revoked, or null if active */
              revokedAt: string | null;
              /** @description The key's roles */
              roles: ("admin" | "poster" | "auditor" | "risk" | "risk-admin")[];
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/keys/current": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling key: its id, name, roles and ledgers (any role) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The key that sent the request: who it is and what it may do */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /**
               * @description The key's public id (not its secret)
               * @example k3j7q2mxa5td
               */
              keyId: string;
              /** @description Ledger ids the key may touch, or ["*"] */
              ledgers: string[];
              /** @description Who uses the key */
              name: string;
              /** @description The key's roles */
              roles: ("admin" | "poster" | "auditor" | "risk" | "risk-admin")[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the ledgers this key may see */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: string;
          minSequence?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                assets: {
                  code: string;
                  scale: number;
                }[];
                createdAt: string;
                hash: string;
                id: string;
                name: string;
                reportingCurrency: string;
                /** @description The last sequence the listing has applied */
                sequence: number;
              }[];
              /** @description Pass as cursor for the next page; null: last page */
              nextCursor: string | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Create a ledger
     * @description Idempotent by id: the same body again returns the ledger; other content is 409.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "acme-bank",
           *       "name": "Acme Bank",
           *       "reportingCurrency": "USD",
           *       "assets": [
           *         {
           *           "code": "USD",
           *           "scale": 2
           *         },
           *         {
           *           "code": "EUR",
           *           "scale": 2
           *         }
           *       ]
           *     }
           */
          "application/json": {
            assets: {
              code: string;
              scale: number;
            }[];
            /** @description Ledger id, chosen by the client */
            id: string;
            name: string;
            reportingCurrency: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              assets: {
                code: string;
                scale: number;
              }[];
              closedThrough: string | null;
              /** @description Hash of the last event: write (sequence, hash) down to audit later */
              hash: string;
              id: string;
              name: string;
              reportingCurrency: string;
              /** @description The ledger's last event sequence */
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              assets: {
                code: string;
                scale: number;
              }[];
              closedThrough: string | null;
              /** @description Hash of the last event: write (sequence, hash) down to audit later */
              hash: string;
              id: string;
              name: string;
              reportingCurrency: string;
              /** @description The ledger's last event sequence */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a ledger */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              assets: {
                code: string;
                scale: number;
              }[];
              closedThrough: string | null;
              /** @description Hash of the last event: write (sequence, hash) down to audit later */
              hash: string;
              id: string;
              name: string;
              reportingCurrency: string;
              /** @description The ledger's last event sequence */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List and search a ledger's accounts, with their balances
     * @description Filters and cursors: docs/queries.md.
     */
    get: {
      parameters: {
        query?: {
          counterparty?: string;
          country?: string;
          currency?: string;
          cursor?: string;
          facility?: string;
          idPrefix?: string;
          limit?: string;
          minSequence?: string;
          product?: string;
          rating?: string;
          sector?: string;
          sort?: "id" | "-id" | "balance" | "-balance";
          status?: "open" | "closed";
          type?: "asset" | "liability" | "equity" | "income" | "expense";
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                attributes: {
                  counterparty?: string;
                  country?: string;
                  facility?: string;
                  product?: string;
                  rating?: string;
                  sector?: string;
                };
                balances: {
                  /** @description Balance less the holds that would reduce it */
                  available: string;
                  /** @description Posted balance, positive on the account's normal side */
                  balance: string;
                  /** @description Decimal amount string at the asset's scale */
                  pendingCredits: string;
                  /** @description Decimal amount string at the asset's scale */
                  pendingDebits: string;
                  /** @description Decimal amount string at the asset's scale */
                  postedCredits: string;
                  /** @description Decimal amount string at the asset's scale */
                  postedDebits: string;
                };
                currency: string;
                flags: {
                  creditsMustNotExceedDebits: boolean;
                  debitsMustNotExceedCredits: boolean;
                };
                id: string;
                metadata: {
                  [key: string]: string;
                };
                /** @enum {string} */
                normalSide: "debit" | "credit";
                /** @enum {string} */
                status: "open" | "closed";
                /** @enum {string} */
                type: "asset" | "liability" | "equity" | "income" | "expense";
                version: number;
              }[];
              /** @description Pass as cursor for the next page; null: last page */
              nextCursor: string | null;
              /** @description The ledger sequence this listing reflects (-1: none yet) */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Open an account
     * @description Idempotent by id. The account type fixes its normal side.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "cust:0042:current",
           *       "currency": "USD",
           *       "type": "liability",
           *       "flags": {
           *         "debitsMustNotExceedCredits": true
           *       },
           *       "attributes": {
           *         "counterparty": "cust:0042",
           *         "country": "GB",
           *         "product": "current-account"
           *       }
           *     }
           */
          "application/json": {
            attributes?: {
              counterparty?: string;
              country?: string;
              facility?: string;
              product?: string;
              rating?: string;
              sector?: string;
            };
            currency: string;
            flags?: {
              creditsMustNotExceedDebits?: boolean;
              debitsMustNotExceedCredits?: boolean;
            };
            /** @description Client-chosen id (for entries: the idempotency key) */
            id: string;
            metadata?: {
              [key: string]: string;
            };
            /** @enum {string} */
            type: "asset" | "liability" | "equity" | "income" | "expense";
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts/{accountId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read an account and its balances */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update an account's attributes or metadata
     * @description Send the version you read; a stale version with other content is 409.
     */
    patch: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "expectedVersion": 1,
           *       "attributes": {
           *         "rating": "BBB"
           *       }
           *     }
           */
          "application/json": {
            attributes?: {
              counterparty?: string;
              country?: string;
              facility?: string;
              product?: string;
              rating?: string;
              sector?: string;
            };
            expectedVersion: number;
            metadata?: {
              [key: string]: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts/{accountId}/balance": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An account's balance as of any point
     * @description asOf: an ISO time (basis=effective: counting entries effective by then; basis=recorded: entries recorded by then) or, with basis=recorded, a sequence. knownAt (basis=effective): as the ledger knew it at that time or sequence (bitemporal). From the balances read model.
     */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              account: {
                accountId: string;
                /** @description Decimal amount at the asset's scale */
                available: string;
                /** @description Decimal amount at the asset's scale */
                balance: string;
                currency: string;
                /** @description Decimal amount at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount at the asset's scale */
                postedDebits: string;
                type: string;
              };
              at: {
                [key: string]: unknown;
              };
              ledgerId: string;
              /** @description The ledger sequence this answer reflects */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts/{accountId}/close": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close an account (only at zero, with no open holds) */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              attributes: {
                counterparty?: string;
                country?: string;
                facility?: string;
                product?: string;
                rating?: string;
                sector?: string;
              };
              balances: {
                /** @description Balance less the holds that would reduce it */
                available: string;
                /** @description Posted balance, positive on the account's normal side */
                balance: string;
                /** @description Decimal amount string at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount string at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount string at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount string at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              flags: {
                creditsMustNotExceedDebits: boolean;
                debitsMustNotExceedCredits: boolean;
              };
              id: string;
              metadata: {
                [key: string]: string;
              };
              /** @enum {string} */
              normalSide: "debit" | "credit";
              /** @description The ledger sequence these balances reflect */
              sequence: number;
              /** @enum {string} */
              status: "open" | "closed";
              /** @enum {string} */
              type: "asset" | "liability" | "equity" | "income" | "expense";
              version: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts/{accountId}/entries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An account's journal lines, page by page
     * @description In recorded order; pass nextCursor as `after` for the next page. Filters by effective time.
     */
    get: {
      parameters: {
        query?: {
          after?: string;
          effectiveFrom?: string;
          effectiveTo?: string;
          limit?: string;
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              lines: {
                /** @description Decimal amount at the asset's scale */
                amount: string;
                currency: string;
                effectiveAt: string;
                entryId: string;
                /** @enum {string} */
                kind: "posted" | "pending";
                line: number;
                recordedAt: string;
                sequence: number;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/accounts/{accountId}/statement": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * An account's statement for a period
     * @description Opening balance, every line in [from, to) on the effective (default) or recorded time axis with running balances, closing balance; one snapshot, consistent at `sequence`. At most 366 days and 10000 lines (docs/statements.md). `format=camt053` answers ISO 20022 camt.053 XML; `format=csv` answers text/csv (header, opening, booked lines, closing) as an attachment.
     */
    get: {
      parameters: {
        query: {
          basis?: "effective" | "recorded";
          /** @description json (default), camt053 (application/xml) or csv (text/csv, booked lines) */
          format?: "json" | "camt053" | "csv";
          /** @description Start of the period, included */
          from: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
          /** @description End of the period, excluded */
          to: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          accountId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              accountId: string;
              /** @enum {string} */
              basis: "effective" | "recorded";
              closing: {
                /** @description Decimal amount at the asset's scale */
                available: string;
                /** @description Decimal amount at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount at the asset's scale */
                pendingDebits: string;
                /** @description Posted balance, positive on the account's normal side */
                posted: string;
                /** @description Decimal amount at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount at the asset's scale */
                postedDebits: string;
              };
              currency: string;
              from: string;
              ledgerId: string;
              lines: {
                /** @description Decimal amount at the asset's scale */
                amount: string;
                /** @description Decimal amount at the asset's scale */
                availableBalance: string;
                description: string;
                /** @enum {string} */
                effect: "posted" | "hold" | "release";
                effectiveAt: string;
                entryId: string;
                /** @enum {string} */
                kind:
                  | "posted"
                  | "reversal"
                  | "pending"
                  | "pending_posted"
                  | "pending_voided"
                  | "pending_expired";
                /** @description Decimal amount at the asset's scale */
                postedBalance: string;
                recordedAt: string;
                sequence: number;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              opening: {
                /** @description Decimal amount at the asset's scale */
                available: string;
                /** @description Decimal amount at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount at the asset's scale */
                pendingDebits: string;
                /** @description Posted balance, positive on the account's normal side */
                posted: string;
                /** @description Decimal amount at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount at the asset's scale */
                postedDebits: string;
              };
              /** @description The ledger sequence the whole statement is consistent at */
              sequence: number;
              to: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audited events with their hash chain, page by page */
    get: {
      parameters: {
        query?: {
          /** @description Only events written by this actor (exact) */
          actor?: string;
          /** @description Instead of fromSequence: the page of the last matching events before this sequence (a previousBefore) */
          before?: string;
          /** @description The page of matching events at or after this sequence (default 0) */
          fromSequence?: string;
          limit?: string;
          minSequence?: string;
          /** @description Only events of this type */
          type?:
            | "LedgerCreated"
            | "AccountOpened"
            | "AccountUpdated"
            | "AccountClosed"
            | "EntryPosted"
            | "EntryPended"
            | "PendingPosted"
            | "PendingVoided"
            | "PendingExpired"
            | "EntryRejected"
            | "PeriodClosed"
            | "CounterpartyRecorded"
            | "FacilityRecorded"
            | "FxRatesPublished"
            | "CapitalBaseRecorded"
            | "FacilityTermsRecorded"
            | "CreditAssessmentRecorded"
            | "WriteOffRecorded"
            | "Ifrs9ParametersRecorded"
            | "ProvisioningRunRecorded";
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              events: {
                actor: string;
                causationId: string | null;
                correlationId: string;
                data: unknown;
                effectiveAt: string | null;
                entryId: string | null;
                hash: string;
                prevHash: string;
                recordedAt: string;
                reversalOf: string | null;
                schemaVersion: number;
                sequence: number;
                type: string;
              }[];
              /** @description fromSequence of the next page (same filters), or null when no matching event follows yet */
              nextFromSequence: number | null;
              /** @description before of the previous page (same filters), or null when no matching event precedes */
              previousBefore: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/capital": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The capital base in force */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              item: {
                [key: string]: unknown;
              };
              ledgerId: string;
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Record the Tier 1 capital base
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "t1-2026-q3",
           *       "validFrom": "2026-09-30T23:59:59Z",
           *       "tier1Capital": "1000000000.00"
           *     }
           */
          "application/json": {
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            /** @default false */
            reportingEntityIsGsii?: boolean;
            /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
            tier1Capital: string & (unknown & unknown);
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/counterparties": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Counterparties in force as of any point, by id */
    get: {
      parameters: {
        query?: {
          /** @description The previous page's nextCursor */
          after?: string;
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              items: {
                [key: string]: unknown;
              }[];
              ledgerId: string;
              nextCursor: string | null;
              /** @description The ledger sequence the answer reflects */
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Record a counterparty (or restate it from validFrom)
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "cp-acme-2026-11",
           *       "counterpartyId": "acme",
           *       "validFrom": "2026-11-01T00:00:00Z",
           *       "lei": "5493001KJTIIGC8Y1R12",
           *       "legalName": "Acme Manufacturing Ltd",
           *       "connectedGroupId": "acme-group",
           *       "sector": "C25.1",
           *       "countryOfRisk": "GB",
           *       "rating": "BBB",
           *       "flags": {
           *         "institution": false,
           *         "globalSystemicallyImportant": false,
           *         "sovereign": false,
           *         "exempt": false
           *       }
           *     }
           */
          "application/json": {
            /** @default null */
            connectedGroupId?: string | null;
            /** @description Client-chosen id (for entries: the idempotency key) */
            counterpartyId: string;
            /** @description Country of risk (ISO 3166-1 alpha-2) */
            countryOfRisk: string;
            /**
             * @default {
             *       "institution": false,
             *       "globalSystemicallyImportant": false,
             *       "sovereign": false,
             *       "exempt": false
             *     }
             */
            flags?: {
              /** @default false */
              exempt?: boolean;
              /** @default false */
              globalSystemicallyImportant?: boolean;
              /** @default false */
              institution?: boolean;
              /** @default false */
              sovereign?: boolean;
            };
            legalName: string;
            /** @default null */
            lei?: string | null;
            /** @default null */
            rating?: string | null;
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            /** @description Sector: NACE Rev. 2 (e.g. K, 64, 64.1, 64.19) */
            sector: string;
            /** @default null */
            ultimateParentId?: string | null;
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/counterparties/{counterpartyId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One counterparty as in force at any point */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          counterpartyId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              item: {
                [key: string]: unknown;
              };
              ledgerId: string;
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/digest": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The (sequence, hash) of the ledger's last event, and whether it is verified
     * @description The head comes from the ledger's writer. `verified` says whether the audit read model has verified the chain up to it (each hash recomputed, each link checked); `folio verify` re-reads the whole store independently.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Its hash: (sequence, hash) proves everything up to it */
              hash: string;
              ledgerId: string;
              /** @description The ledger's last event */
              sequence: number;
              /** @description True when the audit read model has recomputed every event's hash and link up to this head and holds the same hash; false while it lags (see verifiedThrough) or is being built */
              verified: boolean;
              /** @description What did the verifying */
              verifiedBy: string;
              /** @description The last sequence the audit read model has verified, or null if none yet */
              verifiedThrough: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/entries": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List and search a ledger's entries, newest or oldest first
     * @description Filters and cursors: docs/queries.md.
     */
    get: {
      parameters: {
        query?: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          account?: string;
          actor?: string;
          amountMax?: string;
          amountMin?: string;
          currency?: string;
          cursor?: string;
          effectiveFrom?: string;
          effectiveTo?: string;
          kind?: "posted" | "pending" | "reversal" | "rejected";
          limit?: string;
          minSequence?: string;
          order?: "newest" | "oldest";
          recordedFrom?: string;
          recordedTo?: string;
          sequenceFrom?: string;
          sequenceTo?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                actor: string;
                description: string;
                effectiveAt: string;
                expiresAt: string | null;
                id: string;
                /** @enum {string} */
                kind: "posted" | "pending" | "reversal" | "rejected";
                metadata: {
                  [key: string]: string;
                };
                postings: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                recordedAt: string;
                rejection: {
                  code: string;
                  message: string;
                } | null;
                reversalOf: string | null;
                sequence: number;
              }[];
              /** @description Pass as cursor for the next page; null: last page */
              nextCursor: string | null;
              /** @description The ledger sequence this listing reflects (-1: none yet) */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Post a journal entry
     * @description The entry id is the idempotency key: the same entry again returns the first outcome (200, Idempotent-Replay: true); other content under that id is 409. A rule violation is 422 with the rule's code, and the id is then spent.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "dep-2026-0001",
           *       "description": "Cash deposit",
           *       "postings": [
           *         {
           *           "accountId": "cash:vault",
           *           "side": "debit",
           *           "amount": "250.00"
           *         },
           *         {
           *           "accountId": "cust:0042:current",
           *           "side": "credit",
           *           "amount": "250.00"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            description?: string;
            /** Format: date-time */
            effectiveAt?: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            id: string;
            metadata?: {
              [key: string]: string;
            };
            postings: {
              /** @description Client-chosen id (for entries: the idempotency key) */
              accountId: string;
              /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
              amount: string & (unknown & unknown);
              currency?: string;
              /** @enum {string} */
              side: "debit" | "credit";
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/entries/{entryId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read an entry (posted, hold, or rejected) by id */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          entryId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/entries/{entryId}/reverse": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reverse an entry
     * @description Posts the mirror of what the entry posted, linked to it. An entry is reversed once.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          entryId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "rev-dep-2026-0001",
           *       "description": "Deposit entered twice"
           *     }
           */
          "application/json": {
            description?: string;
            /** Format: date-time */
            effectiveAt?: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            id: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/entries/batch": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Post a batch of entries
     * @description atomic: true applies every entry or none (a failure is one problem whose details.index names the entry). Otherwise each entry is decided on its own and the results list each one's status.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "atomic": true,
           *       "entries": [
           *         {
           *           "id": "dep-2026-0001",
           *           "description": "Cash deposit",
           *           "postings": [
           *             {
           *               "accountId": "cash:vault",
           *               "side": "debit",
           *               "amount": "250.00"
           *             },
           *             {
           *               "accountId": "cust:0042:current",
           *               "side": "credit",
           *               "amount": "250.00"
           *             }
           *           ]
           *         }
           *       ]
           *     }
           */
          "application/json": {
            atomic?: boolean;
            entries: {
              description?: string;
              /** Format: date-time */
              effectiveAt?: string;
              /** @description Client-chosen id (for entries: the idempotency key) */
              id: string;
              metadata?: {
                [key: string]: string;
              };
              postings: {
                /** @description Client-chosen id (for entries: the idempotency key) */
                accountId: string;
                /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
                amount: string & (unknown & unknown);
                currency?: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              atomic: boolean;
              results: {
                entry?: {
                  actor: string;
                  description: string;
                  effectiveAt: string;
                  hash: string;
                  hold: {
                    expiresAt: string;
                    posted: {
                      accountId: string;
                      /** @description Decimal amount string at the asset's scale */
                      amount: string;
                      currency: string;
                      /** @enum {string} */
                      side: "debit" | "credit";
                    }[];
                    resolvedAtSequence: number | null;
                    /** @enum {string} */
                    status: "open" | "posted" | "voided" | "expired";
                  } | null;
                  id: string;
                  /** @enum {string} */
                  kind: "posted" | "pending" | "rejected";
                  metadata: {
                    [key: string]: string;
                  };
                  postings: {
                    accountId: string;
                    /** @description Decimal amount string at the asset's scale */
                    amount: string;
                    currency: string;
                    /** @enum {string} */
                    side: "debit" | "credit";
                  }[];
                  recordedAt: string;
                  rejection: {
                    code: string;
                    message: string;
                  } | null;
                  reversalOf: string | null;
                  reversedBy: string | null;
                  sequence: number;
                };
                id: string;
                index: number;
                /** @description RFC 9457 problem details */
                problem?: {
                  /** @description Stable machine code (docs/errors.md) */
                  code: string;
                  detail: string;
                  details?: {
                    [key: string]: string | number;
                  };
                  errors?: {
                    message: string;
                    path: string;
                  }[];
                  instance?: string;
                  status: number;
                  title: string;
                  type: string;
                };
                /** @description The HTTP status this entry alone would have had */
                status: number;
              }[];
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              atomic: boolean;
              results: {
                entry?: {
                  actor: string;
                  description: string;
                  effectiveAt: string;
                  hash: string;
                  hold: {
                    expiresAt: string;
                    posted: {
                      accountId: string;
                      /** @description Decimal amount string at the asset's scale */
                      amount: string;
                      currency: string;
                      /** @enum {string} */
                      side: "debit" | "credit";
                    }[];
                    resolvedAtSequence: number | null;
                    /** @enum {string} */
                    status: "open" | "posted" | "voided" | "expired";
                  } | null;
                  id: string;
                  /** @enum {string} */
                  kind: "posted" | "pending" | "rejected";
                  metadata: {
                    [key: string]: string;
                  };
                  postings: {
                    accountId: string;
                    /** @description Decimal amount string at the asset's scale */
                    amount: string;
                    currency: string;
                    /** @enum {string} */
                    side: "debit" | "credit";
                  }[];
                  recordedAt: string;
                  rejection: {
                    code: string;
                    message: string;
                  } | null;
                  reversalOf: string | null;
                  reversedBy: string | null;
                  sequence: number;
                };
                id: string;
                index: number;
                /** @description RFC 9457 problem details */
                problem?: {
                  /** @description Stable machine code (docs/errors.md) */
                  code: string;
                  detail: string;
                  details?: {
                    [key: string]: string | number;
                  };
                  errors?: {
                    message: string;
                    path: string;
                  }[];
                  instance?: string;
                  status: number;
                  title: string;
                  type: string;
                };
                /** @description The HTTP status this entry alone would have had */
                status: number;
              }[];
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/exposure": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Exposure grouped by counterparty, group, currency, sector, country, product or rating
     * @description As of any point (asOf, basis, knownAt as for balances). Drawn amounts are the facility accounts' ledger balances; the C 28.00 column flow per group, in the reporting currency and in each original currency.
     */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          groupBy?:
            "counterparty" | "group" | "currency" | "sector" | "country" | "product" | "rating";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Groups listed, largest exposure value first (at most 1000); the total covers all */
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              /** @enum {string} */
              groupBy:
                "counterparty" | "group" | "currency" | "sector" | "country" | "product" | "rating";
              groupCount: number;
              groups: {
                key: string;
                lines: number;
                original: {
                  /** @description The C 28.00 column flow */
                  amounts: {
                    /** @description Decimal amount in the reporting currency */
                    crmFunded: string;
                    /** @description Decimal amount in the reporting currency */
                    crmSubstitution: string;
                    /** @description Decimal amount in the reporting currency */
                    exempted: string;
                    /** @description C 28.00: value before exemptions and CRM */
                    exposureValue: string;
                    /** @description Decimal amount in the reporting currency */
                    grossExposure: string;
                    /** @description Decimal amount in the reporting currency */
                    provisions: string;
                    /** @description Decimal amount in the reporting currency */
                    valueAfterExemptionsAndCrm: string;
                  };
                  currency: string;
                }[];
                /** @description The C 28.00 column flow */
                reporting: {
                  /** @description Decimal amount in the reporting currency */
                  crmFunded: string;
                  /** @description Decimal amount in the reporting currency */
                  crmSubstitution: string;
                  /** @description Decimal amount in the reporting currency */
                  exempted: string;
                  /** @description C 28.00: value before exemptions and CRM */
                  exposureValue: string;
                  /** @description Decimal amount in the reporting currency */
                  grossExposure: string;
                  /** @description Decimal amount in the reporting currency */
                  provisions: string;
                  /** @description Decimal amount in the reporting currency */
                  valueAfterExemptionsAndCrm: string;
                };
              }[];
              ledgerId: string;
              reportingCurrency: string;
              /** @description The ledger sequence both read models answer at */
              sequence: number | null;
              /** @description The C 28.00 column flow */
              total: {
                /** @description Decimal amount in the reporting currency */
                crmFunded: string;
                /** @description Decimal amount in the reporting currency */
                crmSubstitution: string;
                /** @description Decimal amount in the reporting currency */
                exempted: string;
                /** @description C 28.00: value before exemptions and CRM */
                exposureValue: string;
                /** @description Decimal amount in the reporting currency */
                grossExposure: string;
                /** @description Decimal amount in the reporting currency */
                provisions: string;
                /** @description Decimal amount in the reporting currency */
                valueAfterExemptionsAndCrm: string;
              };
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/exposure/concentration": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Concentration grid: exposure value by sector × country (or rating)
     * @description As of any point, as the other exposure routes. Each facility's own line (exposure value, reporting currency) in the cell of its obligor's row and column key, with its share of the book: rows sum to the concentration by the row dimension of /exposure/large, columns to that by the column dimension.
     */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description The grid's columns (another dimension than rows) */
          columns?: "sector" | "country" | "rating";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Rows and columns listed, each the largest first (at most 200); the totals cover all */
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
          /** @description The grid's rows */
          rows?: "sector" | "country" | "rating";
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Cells of the listed rows and columns that hold exposure lines, row by row */
              cells: {
                /** @description Decimal amount in the reporting currency */
                amount: string;
                column: string;
                row: string;
                share: string;
              }[];
              columnCount: number;
              /** @enum {string} */
              columns: "sector" | "country" | "rating";
              columnTotals: {
                /** @description Decimal amount in the reporting currency */
                amount: string;
                key: string;
                /** @description Of the grid's total, 6 places */
                share: string;
              }[];
              effectiveAt: string;
              ledgerId: string;
              reportingCurrency: string;
              rowCount: number;
              /** @enum {string} */
              rows: "sector" | "country" | "rating";
              rowTotals: {
                /** @description Decimal amount in the reporting currency */
                amount: string;
                key: string;
                /** @description Of the grid's total, 6 places */
                share: string;
              }[];
              /** @description The ledger sequence both read models answer at */
              sequence: number | null;
              /** @description Exposure value of every facility's own line (as concentration) */
              total: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/exposure/large": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Large exposures (CRR Art. 392/395) with limits, headroom and breaches, the top 20 and concentration
     * @description Large: exposure value at or above 10 % of Tier 1. Limit: 25 % of Tier 1; for an institution or a group containing one the higher of 25 % and EUR 150 m (at most 100 %), provided the non-institution part stays within 25 %. Concentration (HHI with shares) by sector, country and rating.
     */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              breaches: {
                /** @description The C 28.00 column flow */
                amounts: {
                  /** @description Decimal amount in the reporting currency */
                  crmFunded: string;
                  /** @description Decimal amount in the reporting currency */
                  crmSubstitution: string;
                  /** @description Decimal amount in the reporting currency */
                  exempted: string;
                  /** @description C 28.00: value before exemptions and CRM */
                  exposureValue: string;
                  /** @description Decimal amount in the reporting currency */
                  grossExposure: string;
                  /** @description Decimal amount in the reporting currency */
                  provisions: string;
                  /** @description Decimal amount in the reporting currency */
                  valueAfterExemptionsAndCrm: string;
                };
                breach: boolean;
                containsGsii: boolean;
                containsInstitution: boolean;
                counterpartyIds: string[];
                groupKey: string;
                /** @description limit - value after exemptions and CRM; negative when over */
                headroom: string;
                isLarge: boolean;
                /** @description Decimal amount in the reporting currency */
                limit: string;
                /** @enum {string} */
                limitRule: "general" | "institution" | "gsii";
                nonInstitutionPart: {
                  /** @description Decimal amount in the reporting currency */
                  exposure: string;
                  /** @description Decimal amount in the reporting currency */
                  headroom: string;
                  /** @description Decimal amount in the reporting currency */
                  limit: string;
                  withinLimit: boolean;
                } | null;
                rank: number;
                shareOfTier1: string;
                shareOfTier1BeforeExemptionsAndCrm: string;
              }[];
              concentration: {
                country: {
                  buckets: {
                    /** @description Decimal amount in the reporting currency */
                    amount: string;
                    key: string;
                    share: string;
                  }[];
                  hhi: string | null;
                  /** @description Decimal amount in the reporting currency */
                  total: string;
                };
                rating: {
                  buckets: {
                    /** @description Decimal amount in the reporting currency */
                    amount: string;
                    key: string;
                    share: string;
                  }[];
                  hhi: string | null;
                  /** @description Decimal amount in the reporting currency */
                  total: string;
                };
                sector: {
                  buckets: {
                    /** @description Decimal amount in the reporting currency */
                    amount: string;
                    key: string;
                    share: string;
                  }[];
                  hhi: string | null;
                  /** @description Decimal amount in the reporting currency */
                  total: string;
                };
              };
              effectiveAt: string;
              /** @description Decimal amount in the reporting currency */
              generalLimit: string;
              largeExposures: {
                /** @description The C 28.00 column flow */
                amounts: {
                  /** @description Decimal amount in the reporting currency */
                  crmFunded: string;
                  /** @description Decimal amount in the reporting currency */
                  crmSubstitution: string;
                  /** @description Decimal amount in the reporting currency */
                  exempted: string;
                  /** @description C 28.00: value before exemptions and CRM */
                  exposureValue: string;
                  /** @description Decimal amount in the reporting currency */
                  grossExposure: string;
                  /** @description Decimal amount in the reporting currency */
                  provisions: string;
                  /** @description Decimal amount in the reporting currency */
                  valueAfterExemptionsAndCrm: string;
                };
                breach: boolean;
                containsGsii: boolean;
                containsInstitution: boolean;
                counterpartyIds: string[];
                groupKey: string;
                /** @description limit - value after exemptions and CRM; negative when over */
                headroom: string;
                isLarge: boolean;
                /** @description Decimal amount in the reporting currency */
                limit: string;
                /** @enum {string} */
                limitRule: "general" | "institution" | "gsii";
                nonInstitutionPart: {
                  /** @description Decimal amount in the reporting currency */
                  exposure: string;
                  /** @description Decimal amount in the reporting currency */
                  headroom: string;
                  /** @description Decimal amount in the reporting currency */
                  limit: string;
                  withinLimit: boolean;
                } | null;
                rank: number;
                shareOfTier1: string;
                shareOfTier1BeforeExemptionsAndCrm: string;
              }[];
              /** @description Decimal amount in the reporting currency */
              largeExposureThreshold: string;
              ledgerId: string;
              reportingCurrency: string;
              /** @description The ledger sequence both read models answer at */
              sequence: number | null;
              /** @description Decimal amount in the reporting currency */
              tier1Capital: string;
              top20: {
                /** @description The C 28.00 column flow */
                amounts: {
                  /** @description Decimal amount in the reporting currency */
                  crmFunded: string;
                  /** @description Decimal amount in the reporting currency */
                  crmSubstitution: string;
                  /** @description Decimal amount in the reporting currency */
                  exempted: string;
                  /** @description C 28.00: value before exemptions and CRM */
                  exposureValue: string;
                  /** @description Decimal amount in the reporting currency */
                  grossExposure: string;
                  /** @description Decimal amount in the reporting currency */
                  provisions: string;
                  /** @description Decimal amount in the reporting currency */
                  valueAfterExemptionsAndCrm: string;
                };
                breach: boolean;
                containsGsii: boolean;
                containsInstitution: boolean;
                counterpartyIds: string[];
                groupKey: string;
                /** @description limit - value after exemptions and CRM; negative when over */
                headroom: string;
                isLarge: boolean;
                /** @description Decimal amount in the reporting currency */
                limit: string;
                /** @enum {string} */
                limitRule: "general" | "institution" | "gsii";
                nonInstitutionPart: {
                  /** @description Decimal amount in the reporting currency */
                  exposure: string;
                  /** @description Decimal amount in the reporting currency */
                  headroom: string;
                  /** @description Decimal amount in the reporting currency */
                  limit: string;
                  withinLimit: boolean;
                } | null;
                rank: number;
                shareOfTier1: string;
                shareOfTier1BeforeExemptionsAndCrm: string;
              }[];
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/facilities": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Facilities in force as of any point, by id, amounts in their currency */
    get: {
      parameters: {
        query?: {
          /** @description The previous page's nextCursor */
          after?: string;
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              items: {
                [key: string]: unknown;
              }[];
              ledgerId: string;
              nextCursor: string | null;
              /** @description The ledger sequence the answer reflects */
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Record a credit facility's terms (or restate them from validFrom)
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "fac-acme-rcf-2026-11",
           *       "facilityId": "acme-rcf",
           *       "validFrom": "2026-11-01T00:00:00Z",
           *       "counterpartyId": "acme",
           *       "product": "revolving-credit",
           *       "currency": "USD",
           *       "drawnAccounts": [
           *         "loan:acme"
           *       ],
           *       "interestAccounts": [
           *         "loan:acme:interest"
           *       ],
           *       "limit": "1000000.00",
           *       "ccf": "0.40",
           *       "collateral": [
           *         {
           *           "type": "cash",
           *           "currency": "USD",
           *           "amount": "30000.00"
           *         }
           *       ],
           *       "guarantees": [],
           *       "specificProvisions": "0"
           *     }
           */
          "application/json": {
            ccf: string;
            /** @default true */
            ccfFloorApplies?: boolean;
            /** @default [] */
            collateral?: {
              /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
              amount: string & (unknown & unknown);
              currency: string;
              /** @enum {string} */
              type: "cash" | "securities" | "real_estate" | "other";
            }[];
            /** @description Client-chosen id (for entries: the idempotency key) */
            counterpartyId: string;
            currency: string;
            drawnAccounts: string[];
            /** @description Client-chosen id (for entries: the idempotency key) */
            facilityId: string;
            /** @default [] */
            guarantees?: {
              /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
              amount: string & (unknown & unknown);
              currency: string;
              /** @description Client-chosen id (for entries: the idempotency key) */
              guarantorId: string;
            }[];
            /** @default [] */
            interestAccounts?: string[];
            /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
            limit: string & (unknown & unknown);
            product: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            /** @default 0 */
            specificProvisions?: (string & (unknown & unknown)) | "0";
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/facilities/{facilityId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One facility's terms as in force at any point */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          facilityId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              item: {
                [key: string]: unknown;
              };
              ledgerId: string;
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/facilities/{facilityId}/credit-assessments": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a facility's credit assessment: staging flags and PD/LGD scenarios
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin. The facility must be recorded (404 facility_not_found).
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          facilityId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "ca-acme-loan-2026-10-31",
           *       "validFrom": "2026-11-01T00:00:00Z",
           *       "asOf": "2026-10-31",
           *       "daysPastDue": 12,
           *       "defaulted": false,
           *       "unlikelyToPay": false,
           *       "creditImpaired": false,
           *       "watchList": true,
           *       "forborne": "none",
           *       "distressedRestructuring": false,
           *       "scenarios": [
           *         {
           *           "scenarioId": "base",
           *           "weight": "0.6",
           *           "pd12m": "0.012",
           *           "lifetimePd": {
           *             "kind": "cumulative",
           *             "byYear": [
           *               "0.012",
           *               "0.026",
           *               "0.041"
           *             ]
           *           },
           *           "lgd": "0.45"
           *         },
           *         {
           *           "scenarioId": "downturn",
           *           "weight": "0.4",
           *           "pd12m": "0.03",
           *           "lifetimePd": {
           *             "kind": "marginal",
           *             "byYear": [
           *               "0.03",
           *               "0.028",
           *               "0.025"
           *             ]
           *           },
           *           "lgd": "0.55"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            /** @description Calendar date (UTC), YYYY-MM-DD */
            asOf: string;
            /** @default false */
            creditImpaired?: boolean;
            daysPastDue: number;
            /** @default false */
            defaulted?: boolean;
            /** @default false */
            distressedRestructuring?: boolean;
            /**
             * @default none
             * @enum {string}
             */
            forborne?: "none" | "performing" | "non_performing";
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            scenarios: {
              lgd: string;
              lifetimePd: {
                byYear: string[];
                /** @enum {string} */
                kind: "marginal" | "cumulative";
              };
              pd12m: string;
              /** @description Client-chosen id (for entries: the idempotency key) */
              scenarioId: string;
              weight: string;
            }[];
            /** @default false */
            unlikelyToPay?: boolean;
            /** Format: date-time */
            validFrom: string;
            /** @default false */
            watchList?: boolean;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/facilities/{facilityId}/terms": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a facility's IFRS 9 terms: dates, EIR, repayment, PD at origination
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin. The facility must be recorded (404 facility_not_found).
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          facilityId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @default null */
            creditAdjustedEir?: string | null;
            /** @default null */
            derecognisedOn?: string | null;
            eir: string;
            lifetimePdAtOrigination: string;
            /** @description Calendar date (UTC), YYYY-MM-DD */
            maturityDate: string;
            /** @description Calendar date (UTC), YYYY-MM-DD */
            originationDate: string;
            /** @default false */
            poci?: boolean;
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            repayment:
              | {
                  /** @enum {string} */
                  kind: "amortising";
                  schedule: {
                    /** @description Calendar date (UTC), YYYY-MM-DD */
                    date: string;
                    /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
                    principal: string & (unknown & unknown);
                  }[];
                }
              | {
                  behaviouralLifeMonths: number;
                  ccf: string;
                  /** @enum {string} */
                  kind: "revolving";
                };
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/facilities/{facilityId}/write-offs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record an amount of a facility's gross carrying amount written off
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin. The facility must be recorded (404 facility_not_found).
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          facilityId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "wo-acme-loan-2026-12",
           *       "validFrom": "2026-12-31T00:00:00Z",
           *       "writtenOffOn": "2026-12-31",
           *       "amount": "125000.00"
           *     }
           */
          "application/json": {
            /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
            amount: string & (unknown & unknown);
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            /** Format: date-time */
            validFrom: string;
            /** @description Calendar date (UTC), YYYY-MM-DD */
            writtenOffOn: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/fx-rates": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The FX rates in force (per pair, the latest set that has it) */
    get: {
      parameters: {
        query?: {
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              effectiveAt: string;
              item: {
                [key: string]: unknown;
              };
              ledgerId: string;
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Publish a set of closing mid FX rates
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "fx-ecb-2026-11-28",
           *       "validFrom": "2026-11-28T16:00:00Z",
           *       "source": "ECB",
           *       "rates": [
           *         {
           *           "from": "EUR",
           *           "to": "USD",
           *           "rate": "1.0825"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            rates: {
              from: string;
              rate: string;
              to: string;
            }[];
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            source: string;
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * IFRS 9 stage and loss allowance per facility, with totals by stage
     * @description Effective at the end of the reporting date (asOf), known at knownAt (default: now). Facilities that cannot be measured are listed with a reason and never counted. Paged by facility id; the totals cover every facility.
     */
    get: {
      parameters: {
        query?: {
          /** @description The last facility id of the previous page */
          after?: string;
          /** @description Reporting date (default: today, UTC) */
          asOf?: string;
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
          /** @description Default: the only parameter set recorded */
          parameterSetId?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              byStage: {
                1: {
                  /** @description Reporting currency */
                  allowance: string;
                  count: number;
                  /** @description Reporting currency */
                  grossCarryingAmount: string;
                };
                2: {
                  /** @description Reporting currency */
                  allowance: string;
                  count: number;
                  /** @description Reporting currency */
                  grossCarryingAmount: string;
                };
                3: {
                  /** @description Reporting currency */
                  allowance: string;
                  count: number;
                  /** @description Reporting currency */
                  grossCarryingAmount: string;
                };
                POCI: {
                  /** @description Reporting currency */
                  allowance: string;
                  count: number;
                  /** @description Reporting currency */
                  grossCarryingAmount: string;
                };
              };
              facilities: {
                /** @description Recognised ECL, facility currency */
                allowance: string | null;
                /** @description Reporting currency */
                allowanceReporting: string | null;
                counterpartyId: string;
                currency: string;
                ecl12m: string | null;
                eclLifetime: string | null;
                facilityId: string;
                flags: string[];
                /** @description Facility currency */
                grossCarryingAmount: string | null;
                message: string | null;
                previousStage: ("1" | "2" | "3" | "POCI") | null;
                /** @description Why the facility is not measured */
                reason: string | null;
                stage: ("1" | "2" | "3" | "POCI") | null;
                stageChangedAt: string | null;
                stageReason: string | null;
                /** @enum {string} */
                status: "measured" | "unmeasured";
              }[];
              ledgerId: string;
              /** @description Pass as `after` for the next page */
              nextAfter: string | null;
              overall: {
                /** @description Reporting currency */
                allowance: string;
                count: number;
                /** @description Reporting currency */
                grossCarryingAmount: string;
              };
              parameterSetId: string;
              reportingCurrency: string;
              reportingDate: string;
              /** @description The ledger sequence the inputs and balances reflect */
              sequence: number | null;
              unmeasuredCount: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9/facilities/{facilityId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One facility's IFRS 9 stage history, ECL detail rows and quarterly interest */
    get: {
      parameters: {
        query?: {
          /** @description Reporting date (default: today, UTC) */
          asOf?: string;
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
          /** @description Default: the only parameter set recorded */
          parameterSetId?: string;
        };
        header?: never;
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          facilityId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              eclDetail: {
                [key: string]: string | number;
              }[];
              facility: {
                /** @description Recognised ECL, facility currency */
                allowance: string | null;
                /** @description Reporting currency */
                allowanceReporting: string | null;
                counterpartyId: string;
                currency: string;
                ecl12m: string | null;
                eclLifetime: string | null;
                facilityId: string;
                flags: string[];
                /** @description Facility currency */
                grossCarryingAmount: string | null;
                message: string | null;
                previousStage: ("1" | "2" | "3" | "POCI") | null;
                /** @description Why the facility is not measured */
                reason: string | null;
                stage: ("1" | "2" | "3" | "POCI") | null;
                stageChangedAt: string | null;
                stageReason: string | null;
                /** @enum {string} */
                status: "measured" | "unmeasured";
              };
              interest: {
                baseAmount: string | null;
                basis: string | null;
                interestAmount: string | null;
                periodEnd: string;
                periodStart: string;
                problem: string | null;
                /** @enum {string} */
                stageAtStart: "1" | "2" | "3" | "POCI";
              }[];
              ledgerId: string;
              parameterSetId: string;
              reportingCurrency: string;
              reportingDate: string;
              /** @description The ledger sequence the inputs and balances reflect */
              sequence: number | null;
              stageHistory: {
                assessmentAsOf: string;
                date: string;
                /** @enum {string} */
                stage: "1" | "2" | "3" | "POCI";
                stageReason: string;
              }[];
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9/movement": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The IFRS 7 movement of the loss allowance between two reporting dates
     * @description Opening, transfers between stages, new, derecognised, write-offs, model changes, remeasurement, FX and closing, per stage; opening + lines = closing in every column.
     */
    get: {
      parameters: {
        query: {
          /** @description Opening reporting date */
          from: string;
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
          /** @description Default: the only parameter set recorded */
          parameterSetId?: string;
          /** @description Closing reporting date (default: today) */
          to?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              from: string;
              ledgerId: string;
              measurementChanges: {
                [key: string]: string;
              }[];
              parameterSetId: string;
              profitOrLossCharge: string;
              reportingCurrency: string;
              rows: {
                line: string;
                poci: string;
                stage1: string;
                stage2: string;
                stage3: string;
                total: string;
              }[];
              sequence: number | null;
              to: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9/parameters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record an IFRS 9 parameter set (defaults as in docs/ifrs9.md)
     * @description Idempotent by recordId: the same body again is 200 with Idempotent-Replay; other content under that id is 409 id_conflict. Admin or risk-admin. Both accounts must exist (404 account_not_found).
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "recordId": "ifrs9-policy-2026",
           *       "validFrom": "2026-01-01T00:00:00Z",
           *       "parameterSetId": "policy-2026",
           *       "sicr": {
           *         "relativeThreshold": "2.5",
           *         "absoluteThreshold": "0.005",
           *         "comparison": "gte"
           *       },
           *       "dpd": {
           *         "stage2": 30,
           *         "stage3": 90,
           *         "comparison": "gt"
           *       },
           *       "probation": {
           *         "stage3Months": 3,
           *         "stage3AfterDistressedRestructuringMonths": 12,
           *         "stage2Months": 3
           *       },
           *       "stage3RecoveryMonths": 12,
           *       "rounding": "ROUND_HALF_EVEN",
           *       "impairmentExpenseAccountId": "pl:impairment",
           *       "lossAllowanceAccountId": "bs:loss-allowance"
           *     }
           */
          "application/json": {
            /**
             * @default {
             *       "stage2": 30,
             *       "stage3": 90,
             *       "comparison": "gt"
             *     }
             */
            dpd?: {
              /**
               * @default gt
               * @enum {string}
               */
              comparison?: "gt" | "gte";
              /** @default 30 */
              stage2?: number;
              /** @default 90 */
              stage3?: number;
            };
            /** @description Client-chosen id (for entries: the idempotency key) */
            impairmentExpenseAccountId: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            lossAllowanceAccountId: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            parameterSetId: string;
            /**
             * @default {
             *       "stage3Months": 3,
             *       "stage3AfterDistressedRestructuringMonths": 12,
             *       "stage2Months": 3
             *     }
             */
            probation?: {
              /** @default 3 */
              stage2Months?: number;
              /** @default 12 */
              stage3AfterDistressedRestructuringMonths?: number;
              /** @default 3 */
              stage3Months?: number;
            };
            /** @description Client-chosen id (for entries: the idempotency key) */
            recordId: string;
            /**
             * @default ROUND_HALF_EVEN
             * @enum {string}
             */
            rounding?:
              | "ROUND_UP"
              | "ROUND_DOWN"
              | "ROUND_CEIL"
              | "ROUND_FLOOR"
              | "ROUND_HALF_UP"
              | "ROUND_HALF_DOWN"
              | "ROUND_HALF_EVEN"
              | "ROUND_HALF_CEIL"
              | "ROUND_HALF_FLOOR";
            /**
             * @default {
             *       "relativeThreshold": "2.5",
             *       "absoluteThreshold": "0.005",
             *       "comparison": "gte"
             *     }
             */
            sicr?: {
              /** @default 0.005 */
              absoluteThreshold?: string;
              /**
               * @default gte
               * @enum {string}
               */
              comparison?: "gt" | "gte";
              /** @default 2.5 */
              relativeThreshold?: string;
            };
            /** @default 12 */
            stage3RecoveryMonths?: number;
            /** Format: date-time */
            validFrom: string;
          };
        };
      };
      responses: {
        /** @description A risk input as the ledger recorded it */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description A risk input as the ledger recorded it */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              hash: string;
              ledgerId: string;
              /** @description As stored: amounts in minor units */
              record: {
                [key: string]: unknown;
              };
              recordedAt: string;
              sequence: number;
              /** @description The event that recorded it */
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9/runs": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The provisioning runs, newest first, each with the entry it posted
     * @description Keyset pages by recorded sequence: pass nextCursor as cursor for older runs. A run's entryId is its journal entry (GET .../entries/{entryId}); null when it posted nothing. Not recomputed: reproduced is null (GET .../ifrs9/runs/{runId} recomputes one).
     */
    get: {
      parameters: {
        query?: {
          /** @description The previous page's nextCursor: runs recorded before that sequence */
          cursor?: string;
          limit?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Newest first; reproduced is null (not recomputed here) */
              items: {
                allowance: string;
                byStage: {
                  allowance: string;
                  facilities: number;
                  grossCarryingAmount: string;
                  /** @enum {string} */
                  stage: "1" | "2" | "3" | "POCI";
                }[];
                currency: string;
                /** @description What the run's entry posted (negative: a release) */
                difference: string;
                entryId: string | null;
                hash: string;
                inputsDigest: string;
                inputsSequence: number;
                ledgerId: string;
                notMeasured: number;
                parameterSetId: string;
                previousAllowance: string;
                recordedAt: string;
                reportingDate: string;
                /** @description GET only: the report recomputed at the run's point, and whether it still matches */
                reproduced: {
                  inputsDigest: string;
                  matches: boolean;
                } | null;
                runId: string;
                sequence: number;
              }[];
              ledgerId: string;
              /** @description Pass as cursor for older runs; null: last page */
              nextCursor: string | null;
              /** @description The ledger's head when listed (-1: no event yet) */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Run provisioning: record the loss allowance and post its change
     * @description Computes the IFRS 9 report at the reporting date once the read models have applied the ledger's head, then records the run with one journal entry (impairment expense / loss allowance) for the difference to the loss allowance account's balance. The same inputs again: 200 with Idempotent-Replay. Refused in a closed period. Admin or risk-admin.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "reportingDate": "2026-11-30",
           *       "parameterSetId": "policy-2026"
           *     }
           */
          "application/json": {
            /** @description Default: the only parameter set recorded */
            parameterSetId?: string;
            /** @description Default: today (UTC) */
            reportingDate?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              allowance: string;
              byStage: {
                allowance: string;
                facilities: number;
                grossCarryingAmount: string;
                /** @enum {string} */
                stage: "1" | "2" | "3" | "POCI";
              }[];
              currency: string;
              /** @description What the run's entry posted (negative: a release) */
              difference: string;
              entryId: string | null;
              hash: string;
              inputsDigest: string;
              inputsSequence: number;
              ledgerId: string;
              notMeasured: number;
              parameterSetId: string;
              previousAllowance: string;
              recordedAt: string;
              reportingDate: string;
              /** @description GET only: the report recomputed at the run's point, and whether it still matches */
              reproduced: {
                inputsDigest: string;
                matches: boolean;
              } | null;
              runId: string;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              allowance: string;
              byStage: {
                allowance: string;
                facilities: number;
                grossCarryingAmount: string;
                /** @enum {string} */
                stage: "1" | "2" | "3" | "POCI";
              }[];
              currency: string;
              /** @description What the run's entry posted (negative: a release) */
              difference: string;
              entryId: string | null;
              hash: string;
              inputsDigest: string;
              inputsSequence: number;
              ledgerId: string;
              notMeasured: number;
              parameterSetId: string;
              previousAllowance: string;
              recordedAt: string;
              reportingDate: string;
              /** @description GET only: the report recomputed at the run's point, and whether it still matches */
              reproduced: {
                inputsDigest: string;
                matches: boolean;
              } | null;
              runId: string;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/ifrs9/runs/{runId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A provisioning run, recomputed at its recorded point */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
          /** @description Client-chosen id (for entries: the idempotency key) */
          runId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              allowance: string;
              byStage: {
                allowance: string;
                facilities: number;
                grossCarryingAmount: string;
                /** @enum {string} */
                stage: "1" | "2" | "3" | "POCI";
              }[];
              currency: string;
              /** @description What the run's entry posted (negative: a release) */
              difference: string;
              entryId: string | null;
              hash: string;
              inputsDigest: string;
              inputsSequence: number;
              ledgerId: string;
              notMeasured: number;
              parameterSetId: string;
              previousAllowance: string;
              recordedAt: string;
              reportingDate: string;
              /** @description GET only: the report recomputed at the run's point, and whether it still matches */
              reproduced: {
                inputsDigest: string;
                matches: boolean;
              } | null;
              runId: string;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/imports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import an ISO 20022 camt.053 or pacs.008 document
     * @description Validates the document against the official XSD, maps it with the rules and posts its entries in atomic chunks of 1,000 with deterministic ids: the same document again posts nothing (200, every entry a duplicate). A document that fails is 422 document_invalid with each problem's element path; nothing is posted. A chunk the ledger refuses stops the import with the rule's code (details say what was posted before); it spends no id, so sending the import again completes it.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /**
             * @description pacs008 only: inbound (we are the creditor's agent, default) or outbound
             * @enum {string}
             */
            direction?: "inbound" | "outbound";
            /** @description The XML document, as a string (FOLIO_BODY_LIMIT_BYTES bounds the body) */
            document: string;
            /** @enum {string} */
            format: "camt053" | "pacs008";
            /** @description The mapping configuration (docs/iso20022.md); its ledgerId is the path's */
            rules: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Entries already in the ledger (imported before) */
              duplicates: number;
              /** @description Entries found in the document */
              entries: number;
              /** @enum {string} */
              format: "camt053" | "pacs008";
              ledgerId: string;
              messageId: string;
              /** @description Entries posted by this import */
              posted: number;
              rejected: {
                code: string;
                entryId: string;
                message: string;
                path?: string;
              }[];
              /** @description Items not imported (PDNG, INFO, FUTR) and why */
              skipped: {
                path: string;
                reason: string;
                reference?: string;
              }[];
              /** @enum {string} */
              status: "completed";
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Entries already in the ledger (imported before) */
              duplicates: number;
              /** @description Entries found in the document */
              entries: number;
              /** @enum {string} */
              format: "camt053" | "pacs008";
              ledgerId: string;
              messageId: string;
              /** @description Entries posted by this import */
              posted: number;
              rejected: {
                code: string;
                entryId: string;
                message: string;
                path?: string;
              }[];
              /** @description Items not imported (PDNG, INFO, FUTR) and why */
              skipped: {
                path: string;
                reason: string;
                reference?: string;
              }[];
              /** @enum {string} */
              status: "completed";
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/pending": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List a ledger's holds by status and expiry, soonest expiry first
     * @description Filters and cursors: docs/queries.md.
     */
    get: {
      parameters: {
        query?: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          account?: string;
          cursor?: string;
          expiresFrom?: string;
          expiresTo?: string;
          limit?: string;
          minSequence?: string;
          status?: "open" | "posted" | "voided" | "expired";
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                effectiveAt: string;
                expiresAt: string;
                id: string;
                postings: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                sequence: number;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              }[];
              /** @description Pass as cursor for the next page; null: last page */
              nextCursor: string | null;
              /** @description The ledger sequence this listing reflects (-1: none yet) */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Place a hold
     * @description Holds count against available balance until posted, voided, or expired after timeoutSeconds.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "card-hold-7781",
           *       "description": "Card authorisation",
           *       "timeoutSeconds": 604800,
           *       "postings": [
           *         {
           *           "accountId": "cust:0042:current",
           *           "side": "debit",
           *           "amount": "42.10"
           *         },
           *         {
           *           "accountId": "settlement:cards",
           *           "side": "credit",
           *           "amount": "42.10"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            description?: string;
            /** Format: date-time */
            effectiveAt?: string;
            /** @description Client-chosen id (for entries: the idempotency key) */
            id: string;
            metadata?: {
              [key: string]: string;
            };
            postings: {
              /** @description Client-chosen id (for entries: the idempotency key) */
              accountId: string;
              /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
              amount: string & (unknown & unknown);
              currency?: string;
              /** @enum {string} */
              side: "debit" | "credit";
            }[];
            timeoutSeconds: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/pending/{entryId}/post": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Post a hold, in full or in part
     * @description {} posts all of it; { amount } posts that amount on both legs of a two-posting hold; { postings } posts the listed legs. What is not posted is released.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          entryId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
            amount?: string & (unknown & unknown);
            postings?: {
              /** @description Client-chosen id (for entries: the idempotency key) */
              accountId: string;
              /** @description Decimal amount string, e.g. "123.45"; at most the asset's decimals */
              amount: string & (unknown & unknown);
              currency?: string;
              /** @enum {string} */
              side: "debit" | "credit";
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/pending/{entryId}/void": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Void a hold */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Client-chosen id (for entries: the idempotency key) */
          entryId: string;
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              actor: string;
              description: string;
              effectiveAt: string;
              hash: string;
              hold: {
                expiresAt: string;
                posted: {
                  accountId: string;
                  /** @description Decimal amount string at the asset's scale */
                  amount: string;
                  currency: string;
                  /** @enum {string} */
                  side: "debit" | "credit";
                }[];
                resolvedAtSequence: number | null;
                /** @enum {string} */
                status: "open" | "posted" | "voided" | "expired";
              } | null;
              id: string;
              /** @enum {string} */
              kind: "posted" | "pending" | "rejected";
              metadata: {
                [key: string]: string;
              };
              postings: {
                accountId: string;
                /** @description Decimal amount string at the asset's scale */
                amount: string;
                currency: string;
                /** @enum {string} */
                side: "debit" | "credit";
              }[];
              recordedAt: string;
              rejection: {
                code: string;
                message: string;
              } | null;
              reversalOf: string | null;
              reversedBy: string | null;
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/periods/close": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close the period up to a date
     * @description upTo may not be in the future; closing an earlier date again changes nothing.
     */
    post: {
      parameters: {
        query?: {
          /** @description true: decide the command against the ledger's current state and answer exactly as a real call would, but store nothing and spend no id */
          dryRun?: "true" | "false";
        };
        header?: {
          /** @description true: a dry run, like ?dryRun=true */
          "folio-dry-run"?: "true" | "false";
        };
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "upTo": "2026-10-31T23:59:59.999Z"
           *     }
           */
          "application/json": {
            /** Format: date-time */
            upTo: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              assets: {
                code: string;
                scale: number;
              }[];
              closedThrough: string | null;
              /** @description Hash of the last event: write (sequence, hash) down to audit later */
              hash: string;
              id: string;
              name: string;
              reportingCurrency: string;
              /** @description The ledger's last event sequence */
              sequence: number;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              assets: {
                code: string;
                scale: number;
              }[];
              closedThrough: string | null;
              /** @description Hash of the last event: write (sequence, hash) down to audit later */
              hash: string;
              id: string;
              name: string;
              reportingCurrency: string;
              /** @description The ledger's last event sequence */
              sequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/trial-balance": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Trial balance per currency as of any point
     * @description The same point options as an account's balance. Debits equal credits in every currency. The totals cover every account; the accounts are listed by id, a page at a time (`limit`, `after`).
     */
    get: {
      parameters: {
        query?: {
          /** @description The previous page's nextCursor: list accounts after it */
          after?: string;
          /** @description An ISO time, or (basis=recorded) a ledger sequence */
          asOf?: string;
          basis?: "effective" | "recorded";
          /** @description basis=effective: as the ledger knew it at this time or sequence */
          knownAt?: string;
          /** @description Accounts per page, 1..1000; the totals always cover every account */
          limit?: string;
          /** @description Wait (up to 5 s) for this sequence */
          minSequence?: string;
        };
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Accounts in the whole trial balance */
              accountCount: number;
              at: {
                [key: string]: unknown;
              };
              currencies: {
                accounts: {
                  accountId: string;
                  /** @description Decimal amount at the asset's scale */
                  available: string;
                  /** @description Decimal amount at the asset's scale */
                  balance: string;
                  currency: string;
                  /** @description Decimal amount at the asset's scale */
                  pendingCredits: string;
                  /** @description Decimal amount at the asset's scale */
                  pendingDebits: string;
                  /** @description Decimal amount at the asset's scale */
                  postedCredits: string;
                  /** @description Decimal amount at the asset's scale */
                  postedDebits: string;
                  type: string;
                }[];
                /** @description Decimal amount at the asset's scale */
                creditBalances: string;
                currency: string;
                /** @description Decimal amount at the asset's scale */
                debitBalances: string;
                /** @description Decimal amount at the asset's scale */
                pendingCredits: string;
                /** @description Decimal amount at the asset's scale */
                pendingDebits: string;
                /** @description Decimal amount at the asset's scale */
                postedCredits: string;
                /** @description Decimal amount at the asset's scale */
                postedDebits: string;
              }[];
              ledgerId: string;
              /** @description Pass as `after` for the next page of accounts; null on the last page */
              nextCursor: string | null;
              sequence: number | null;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_behind: the read model has not applied that point yet */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description sequence_beyond_ledger, as_of_before_ledger or as_of_in_future: no answer exists */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description read_model_unavailable (being built) or a minSequence wait ran out */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/verifications": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify the ledger now: start a run of the checks of folio verify
     * @description Starts a verification run on the server: the hash chain and gap-free sequences from genesis, every entry balanced per currency, and a full replay through evolve (the event-only checks of `folio verify`). Answers 202 with the run at once; poll GET .../verifications/latest for its progress and outcome. One run at a time per ledger: 409 verification_running while one runs. A failed run is logged (warn) with its first break. Auditor or admin.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "runId": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
             *       "ledgerId": "demo-bank",
             *       "status": "failed",
             *       "requestedBy": "key:abc:auditor",
             *       "startedAt": "2026-11-30T09:00:00.000Z",
             *       "finishedAt": "2026-11-30T09:00:01.250Z",
             *       "fromSequence": 0,
             *       "targetSequence": 1200,
             *       "progress": {
             *         "phase": "chain",
             *         "done": 41,
             *         "total": 1201
             *       },
             *       "head": null,
             *       "eventsHashed": null,
             *       "entriesChecked": null,
             *       "replayed": true,
             *       "firstBreak": {
             *         "sequence": 42,
             *         "reason": "hash_mismatch",
             *         "message": "chain broken at sequence 42 (hash_mismatch): ..."
             *       }
             *     }
             */
            "application/json": {
              entriesChecked: number | null;
              eventsHashed: number | null;
              finishedAt: string | null;
              /** @description Failed or abandoned: the first break */
              firstBreak: {
                /** @description What is wrong */
                message: string;
                /** @description hash_mismatch, prev_hash_mismatch, sequence_gap, event_invalid, events_missing, entry_unbalanced, replay_invariant; stopped or error for an abandoned run */
                reason: string;
                /** @description The sequence of the first event that fails */
                sequence: number | null;
              } | null;
              /** @description Where the run starts: 0, the ledger's genesis */
              fromSequence: number;
              /** @description Passed: the last verified event (the chain is intact from 0 up to it) */
              head: {
                hash: string;
                sequence: number;
              } | null;
              ledgerId: string;
              /** @description Updated while the run goes on (every half second at most) */
              progress: {
                /** @description Events of the phase checked */
                done: number;
                /**
                 * @description chain: hashes and links; entries: balance and replay
                 * @enum {string}
                 */
                phase: "chain" | "entries";
                /** @description Events of the phase */
                total: number;
              };
              /** @description Every event replayed through evolve (every invariant) */
              replayed: boolean;
              /** @description The actor of the key that started it */
              requestedBy: string;
              runId: string;
              startedAt: string;
              /**
               * @description running; passed; failed (firstBreak says where); abandoned (the server stopped or the store failed during the run: start another)
               * @enum {string}
               */
              status: "running" | "passed" | "failed" | "abandoned";
              /** @description The ledger's last sequence when the run started */
              targetSequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description verification_running: a run of this ledger is under way */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/v1/ledgers/{ledgerId}/verifications/latest": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The ledger's latest verification run: its progress, or its result
     * @description The newest run started with POST .../verifications, kept in PostgreSQL across restarts: running with its progress, passed with the verified head, failed with the first break (sequence, reason, message), or abandoned. 404 verification_not_found before the first run.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description Ledger id, chosen by the client */
          ledgerId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "runId": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
             *       "ledgerId": "demo-bank",
             *       "status": "failed",
             *       "requestedBy": "key:abc:auditor",
             *       "startedAt": "2026-11-30T09:00:00.000Z",
             *       "finishedAt": "2026-11-30T09:00:01.250Z",
             *       "fromSequence": 0,
             *       "targetSequence": 1200,
             *       "progress": {
             *         "phase": "chain",
             *         "done": 41,
             *         "total": 1201
             *       },
             *       "head": null,
             *       "eventsHashed": null,
             *       "entriesChecked": null,
             *       "replayed": true,
             *       "firstBreak": {
             *         "sequence": 42,
             *         "reason": "hash_mismatch",
             *         "message": "chain broken at sequence 42 (hash_mismatch): ..."
             *       }
             *     }
             */
            "application/json": {
              entriesChecked: number | null;
              eventsHashed: number | null;
              finishedAt: string | null;
              /** @description Failed or abandoned: the first break */
              firstBreak: {
                /** @description What is wrong */
                message: string;
                /** @description hash_mismatch, prev_hash_mismatch, sequence_gap, event_invalid, events_missing, entry_unbalanced, replay_invariant; stopped or error for an abandoned run */
                reason: string;
                /** @description The sequence of the first event that fails */
                sequence: number | null;
              } | null;
              /** @description Where the run starts: 0, the ledger's genesis */
              fromSequence: number;
              /** @description Passed: the last verified event (the chain is intact from 0 up to it) */
              head: {
                hash: string;
                sequence: number;
              } | null;
              ledgerId: string;
              /** @description Updated while the run goes on (every half second at most) */
              progress: {
                /** @description Events of the phase checked */
                done: number;
                /**
                 * @description chain: hashes and links; entries: balance and replay
                 * @enum {string}
                 */
                phase: "chain" | "entries";
                /** @description Events of the phase */
                total: number;
              };
              /** @description Every event replayed through evolve (every invariant) */
              replayed: boolean;
              /** @description The actor of the key that started it */
              requestedBy: string;
              runId: string;
              startedAt: string;
              /**
               * @description running; passed; failed (firstBreak says where); abandoned (the server stopped or the store failed during the run: start another)
               * @enum {string}
               */
              status: "running" | "passed" | "failed" | "abandoned";
              /** @description The ledger's last sequence when the run started */
              targetSequence: number;
            };
          };
        };
        /** @description RFC 9457 problem details */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
        /** @description RFC 9457 problem details */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @description Stable machine code (docs/errors.md) */
              code: string;
              detail: string;
              details?: {
                [key: string]: string | number;
              };
              errors?: {
                message: string;
                path: string;
              }[];
              instance?: string;
              status: number;
              title: string;
              type: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
