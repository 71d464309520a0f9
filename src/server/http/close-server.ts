/**
 * Closing an HTTP server gently: no new connections, running requests answered, idle
 * keep-alive connections closed as they go idle, and whatever still runs after the grace cut.
 */
import type { Server } from "node:http";

export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    // Keep-alive connections go idle when their running request is answered: close them then.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
}
