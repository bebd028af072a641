package dev.kiln.bench.jmh;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An A/B comparison of {@link ServeRequestBench}'s request in one JVM: two builds of Kiln (two
 * folders of jars, each in its own class loader) answer the same requests in alternating short
 * slices, and the CPU time of each slice is recorded, for the request thread and for the prediction
 * log's writer. On a machine other work shares, the load changes from second to second; slices of a
 * few milliseconds that alternate see the same load, so the median ratio holds where two separate
 * runs minutes apart do not. The model is trained once (in this loader) and both sides load its
 * bundle.
 *
 * <pre>
 * java -cp 'A/lib/*' dev.kiln.bench.jmh.ServeAB A/lib B/lib infer 1 [slices]
 * </pre>
 *
 * Two endpoints, {@code invocations,infer}, compare them the same way: A answers the first, B the
 * second (one build may be both sides).
 */
public final class ServeAB {
  private ServeAB() {}

  /** One side: a benchmark instance in its own class loader, and its log writer thread. */
  private static final class Side {
    final Object bench;
    final Method request;
    final Method logDepth;
    final Method logged;
    final Thread writer;
    final List<Double> cpu = new ArrayList<>();
    final List<Double> log = new ArrayList<>();

    Side(String lib, String endpoint, int rows) throws Exception {
      File[] jars = new File(lib).listFiles((d, n) -> n.endsWith(".jar"));
      URL[] urls = new URL[jars.length];
      for (int i = 0; i < jars.length; i++) {
        urls[i] = jars[i].toURI().toURL();
      }
      ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
      // JDBC's DriverManager hands a caller only drivers of its own loader: register this one's
      Class.forName("org.duckdb.DuckDBDriver", true, loader);
      Class<?> type = loader.loadClass(ServeRequestBench.class.getName());
      bench = type.getConstructor().newInstance();
      type.getField("endpoint").set(bench, endpoint);
      type.getField("rows").setInt(bench, rows);
      Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
      Thread current = Thread.currentThread();
      ClassLoader previous = current.getContextClassLoader();
      current.setContextClassLoader(loader);
      try {
        type.getMethod("setUp").invoke(bench);
      } finally {
        current.setContextClassLoader(previous);
      }
      Thread found = null;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(t) && t.getName().equals("kiln-prediction-log")) {
          found = t;
        }
      }
      writer = found;
      request = type.getMethod("request");
      logDepth = type.getDeclaredMethod("logDepth");
      logDepth.setAccessible(true);
      logged = type.getDeclaredMethod("logged");
      logged.setAccessible(true);
    }
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[2];
    String[] sides = endpoint.split(",");
    int rows = Integer.parseInt(args[3]);
    int slices = args.length > 4 ? Integer.parseInt(args[4]) : 200;
    ServeRequestBench trainer = new ServeRequestBench();
    trainer.endpoint = sides[0];
    trainer.rows = rows;
    trainer.setUp();
    Path bundle = Files.createTempDirectory("kiln-ab").resolve("model.kiln");
    copy(trainer.bundlePath(), bundle);
    trainer.tearDown();
    System.setProperty("kiln.bench.bundle", bundle.toString());
    Side a = new Side(args[0], sides[0], rows);
    Side b = new Side(args[1], sides[sides.length - 1], rows);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int perSlice = Math.max(16, 2000 / rows);
    for (int s = -slices / 4; s < slices; s++) { // the first quarter warms up
      for (Side side : s % 2 == 0 ? new Side[] {a, b} : new Side[] {b, a}) {
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = threads.getThreadCpuTime(side.writer.getId());
        long l0 = (Long) side.logged.invoke(side.bench);
        for (int i = 0; i < perSlice; i++) {
          side.request.invoke(side.bench);
        }
        long c1 = threads.getCurrentThreadCpuTime();
        while ((Long) side.logDepth.invoke(side.bench) > 0) {
          Thread.sleep(0, 200_000);
        }
        long w1 = threads.getThreadCpuTime(side.writer.getId());
        long l1 = (Long) side.logged.invoke(side.bench);
        if (s >= 0) {
          side.cpu.add((c1 - c0) / 1e3 / perSlice);
          side.log.add((w1 - w0) / 1e3 / Math.max(1, l1 - l0));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s %d rows: request CPU us A %.2f B %.2f (B/A %.3f); log writer CPU us/row A %.3f B %.3f%n",
        endpoint,
        rows,
        ServeCpu.median(a.cpu),
        ServeCpu.median(b.cpu),
        ServeCpu.median(b.cpu) / ServeCpu.median(a.cpu),
        ServeCpu.median(a.log),
        ServeCpu.median(b.log));
    for (Side side : new Side[] {a, b}) {
      side.bench.getClass().getMethod("tearDown").invoke(side.bench);
    }
    System.exit(0);
  }

  private static void copy(Path from, Path to) throws Exception {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
