// What every domain function takes besides its input: the database and a clock tests can set.
import type { Db } from "@/lib/db";

export type Deps = { db: Db; now: Date };
