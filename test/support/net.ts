// A port on 127.0.0.1 that is free now, for a server a test starts (the OS picks it).
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => ok(typeof address === "object" && address ? address.port : 0));
    });
  });
}
