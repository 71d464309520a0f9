/**
 * The handler API hands queries over one at a time, but some backends answer whole
 * requests: a protocol-1 plugin (it may count or relate its queries), a Simple JSON
 * server in requestCompat "backend-1.0". The first query of a request sends the request
 * once; its other queries take their answers from that call. A request is known by its
 * first query's model object, which every protocol path shares between the queries of
 * one request.
 */
export class RequestBatches<R> {
  readonly #byRequest = new WeakMap<object, Map<string, Promise<R>>>();

  /** `send` runs once per (request, key); later callers share its promise. */
  once(request: object, key: string, send: () => Promise<R>): Promise<R> {
    let byKey = this.#byRequest.get(request);
    if (!byKey) {
      byKey = new Map();
      this.#byRequest.set(request, byKey);
    }
    let batch = byKey.get(key);
    if (!batch) {
      batch = send();
      byKey.set(key, batch);
    }
    return batch;
  }
}
