import { runUntilSignalled } from "@booking/common";
import { readRouterConfig } from "./config.js";
import { startRouter } from "./router.js";

runUntilSignalled("router", async () => {
  const router = await startRouter(readRouterConfig());
  console.log(`router ready at ${router.url}`);
  return router;
});
