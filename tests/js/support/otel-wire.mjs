// What an OTLP/HTTP JSON exporter would send, for the OTel integration tests: an exporter that
// serializes with the SDK's own serializer into `sink`, and a search for planted values in it.
const decoder = new TextDecoder();

/** A span, log or metric exporter that keeps the OTLP/JSON text `serializer` makes. */
export function exporter(serializer, sink) {
  return {
    export(items, done) {
      sink.push(decoder.decode(serializer.serializeRequest(items)));
      done({ code: 0 });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
}

/** The planted values that appear in `text`. */
export const found = (text, planted) => planted.filter((p) => text.includes(p));
