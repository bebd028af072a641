package dev.kiln.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The command line of the benchmark data generators: {@code OUT.csv [ROWS] [SEED]}, atomic. */
final class GeneratedCsv {
  /** Writes {@code rows} rows from {@code seed}. */
  @FunctionalInterface
  interface Body {
    void write(Writer w, long rows, long seed) throws IOException;
  }

  private GeneratedCsv() {}

  static void main(String name, String[] args, Body body) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: " + name + " OUT.csv [ROWS] [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (Writer w =
        new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 20)) {
      body.write(w, rows, seed);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
