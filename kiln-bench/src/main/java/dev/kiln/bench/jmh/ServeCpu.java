package dev.kiln.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link ServeRequestBench}'s requests measured in CPU time rather than wall time, and the
 * prediction log's writer thread measured apart: on a machine shared with other work the wall time
 * of a microbenchmark is mostly other processes' time, while the CPU time a thread used is its own.
 * Prints, for each endpoint and row count, the medians over rounds of the request thread's CPU
 * microseconds and allocated bytes per request and the log writer's CPU microseconds per logged
 * row.
 *
 * <pre>
 * java -cp 'kiln-bench/target/lib/*' dev.kiln.bench.jmh.ServeCpu [rounds] [seconds] [endpoints] [rows]
 * </pre>
 */
public final class ServeCpu {
  private ServeCpu() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    String[] endpoints =
        args.length > 2 ? args[2].split(",") : new String[] {"invocations", "infer"};
    int[] rowCounts =
        args.length > 3
            ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 100};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    System.out.println("endpoint     rows  request_cpu_us  request_bytes  log_cpu_us_per_row");
    for (String endpoint : endpoints) {
      for (int rows : rowCounts) {
        ServeRequestBench bench = new ServeRequestBench();
        bench.endpoint = endpoint;
        bench.rows = rows;
        bench.setUp();
        Thread writer = writerThread();
        List<Double> cpu = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        List<Double> logCpu = new ArrayList<>();
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
          long n = 0;
          long c0 = threads.getCurrentThreadCpuTime();
          long a0 = threads.getThreadAllocatedBytes(self);
          long w0 = threads.getThreadCpuTime(writer.getId());
          long logged0 = bench.logged();
          long end = System.nanoTime() + (long) (seconds * 1e9);
          while (System.nanoTime() < end) {
            for (int i = 0; i < 64; i++) {
              bench.request();
            }
            n += 64;
            // keep the log's queue from overflowing: its rows would be dropped, not measured
            while (bench.logDepth() > 4096) {
              Thread.onSpinWait();
            }
          }
          while (bench.logDepth() > 0) {
            Thread.sleep(1);
          }
          Thread.sleep(60); // the writer flushes when its queue is empty
          long c1 = threads.getCurrentThreadCpuTime();
          long a1 = threads.getThreadAllocatedBytes(self);
          long w1 = threads.getThreadCpuTime(writer.getId());
          long logged = bench.logged() - logged0;
          if (round >= 0) {
            cpu.add((c1 - c0) / 1e3 / n);
            bytes.add((double) (a1 - a0) / n);
            logCpu.add((w1 - w0) / 1e3 / logged);
          }
        }
        bench.tearDown();
        System.out.printf(
            Locale.ROOT,
            "%-12s %4d  %14.2f  %13.0f  %18.3f%n",
            endpoint,
            rows,
            median(cpu),
            median(bytes),
            median(logCpu));
      }
    }
  }

  private static Thread writerThread() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("kiln-prediction-log")) {
        return t;
      }
    }
    throw new IllegalStateException("no prediction log writer thread");
  }

  /** The middle value (the upper of the two middle ones for an even count). */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
