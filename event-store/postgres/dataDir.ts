// The embedded cluster's data directory: made usable (as root, reachable by the server's
// own user) and the cluster's superuser password, made once and kept beside it (mode 0600).
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { access, chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { DatabaseError } from "../errors.js";

/** The system user that owns and runs the embedded cluster when Folio runs as root. */
export const EMBEDDED_USER = "postgres";
/** The file, in the data directory, that keeps the cluster's superuser password. */
export const PASSWORD_FILE = "postgres-password";

export async function prepareDataDir(root: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true, mode: 0o755 });
    await access(root, fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK);
    if (!(await stat(root)).isDirectory()) throw new Error(`${root} is not a directory`);
    // As root the server runs as another user, who must be able to reach the cluster.
    if (isRoot()) {
      await chmod(root, 0o755);
      await assertReachableByOthers(path.dirname(root));
    }
  } catch (error) {
    throw new DatabaseError(
      "data_dir_unusable",
      `data directory ${root} is unusable: ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Throws unless every directory from `dir` up to / lets other users pass (o+x). */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) {
      throw new Error(
        `running as root, the embedded server runs as user "${EMBEDDED_USER}", who cannot enter ${current} (chmod o+x it or choose another directory)`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/** The superuser password: made (and kept, mode 0600) when the cluster is first initialised. */
export async function clusterPassword(root: string, clusterDir: string): Promise<string> {
  const file = path.join(root, PASSWORD_FILE);
  const initialised = await exists(path.join(clusterDir, "PG_VERSION"));
  if (initialised) {
    try {
      return (await readFile(file, "utf8")).trim();
    } catch (error) {
      throw new DatabaseError(
        "data_dir_unusable",
        `cluster in ${clusterDir} exists but ${file} is unreadable`,
        {
          cause: error,
        },
      );
    }
  }
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export function isRoot(): boolean {
  return userInfo().uid === 0;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
