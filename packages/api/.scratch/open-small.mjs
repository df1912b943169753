import { openBenchDatabase } from "/work/wt/i6bench/packages/api/dist/bench/bench-database.js";
const db = await openBenchDatabase((l) => { if (!l.includes("applied migration")) console.log(l); });
console.log(db.superuserUrl, db.appUrl);
await db.stop();
