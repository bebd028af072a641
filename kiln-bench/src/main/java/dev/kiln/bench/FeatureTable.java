package dev.kiln.bench;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's CSV: a customer feature table of 30 columns, the same bytes for the same
 * seed and row count. Columns: {@code id}; {@code event_time} (timestamp, one row every ~30 s from
 * 2024-01-01); {@code country} (20 values, skewed), {@code device} (4 values), {@code plan} (5
 * values); {@code is_returning} (boolean); {@code age}, {@code sessions_30d}, {@code items_30d},
 * {@code days_since_signup} (integers, {@code age} 2% empty); {@code f01}..{@code f20} (floats:
 * normal, log-normal, uniform, exponential and a bimodal mix, 4 decimals, {@code f03}, {@code f09}
 * and {@code f17} 1%/5%/20% empty).
 *
 * <p>Usage: {@code FeatureTable OUT.csv [ROWS] [SEED]} (defaults 1,000,000 rows, seed 42).
 */
public final class FeatureTable {
  static final String[] COUNTRIES = {
    "US", "GB", "DE", "FR", "IN", "BR", "CA", "ES", "IT", "NL",
    "SE", "PL", "MX", "JP", "AU", "TR", "ZA", "NG", "AR", "KR"
  };
  static final String[] DEVICES = {"web", "ios", "android", "other"};
  static final String[] PLANS = {"free", "basic", "plus", "pro", "enterprise"};
  static final int FLOATS = 20;

  private FeatureTable() {}

  public static void main(String[] args) throws IOException {
    GeneratedCsv.main("FeatureTable", args, FeatureTable::write);
  }

  static void write(Writer w, long rows, long seed) throws IOException {
    StringBuilder line = new StringBuilder(512);
    line.append("id,event_time,country,device,plan,is_returning,age,sessions_30d,items_30d,")
        .append("days_since_signup");
    for (int f = 1; f <= FLOATS; f++) {
      line.append(",f").append(f < 10 ? "0" : "").append(f);
    }
    w.append(line).append('\n');
    SplittableRandom r = new SplittableRandom(seed);
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (long i = 1; i <= rows; i++) {
      line.setLength(0);
      t = t.plusSeconds(1 + r.nextInt(60));
      line.append(i).append(',').append(ts.format(t)).append(',');
      line.append(COUNTRIES[skewed(r, COUNTRIES.length)]).append(',');
      line.append(DEVICES[skewed(r, DEVICES.length)]).append(',');
      line.append(PLANS[skewed(r, PLANS.length)]).append(',');
      line.append(r.nextDouble() < 0.37).append(',');
      if (r.nextDouble() >= 0.02) {
        line.append(18 + (int) Math.min(72, Math.abs(r.nextGaussian() * 15 + 20)));
      }
      int sessions = (int) Math.floor(-Math.log(1 - r.nextDouble()) * 12);
      line.append(',').append(sessions);
      line.append(',').append(sessions == 0 ? 0 : r.nextInt(sessions * 3 + 1));
      line.append(',').append(r.nextInt(3650));
      for (int f = 1; f <= FLOATS; f++) {
        line.append(',');
        double missing = f == 3 ? 0.01 : f == 9 ? 0.05 : f == 17 ? 0.20 : 0;
        if (missing > 0 && r.nextDouble() < missing) {
          continue;
        }
        fixed4(line, value(r, f));
      }
      w.append(line).append('\n');
    }
  }

  /** Column {@code f<f>}'s next value; the distribution cycles through five families. */
  static double value(SplittableRandom r, int f) {
    return switch (f % 5) {
      case 0 -> r.nextGaussian() * f + 10 * f;
      case 1 -> Math.exp(r.nextGaussian() * 0.75 + 3);
      case 2 -> r.nextDouble() * 1000 - 500;
      case 3 -> -Math.log(1 - r.nextDouble()) * 25;
      default -> r.nextDouble() < 0.3 ? r.nextGaussian() - 4 : r.nextGaussian() * 2 + 5;
    };
  }

  /** Index 0 most often, falling off geometrically, like real category frequencies. */
  static int skewed(SplittableRandom r, int n) {
    int i = (int) Math.floor(-Math.log(1 - r.nextDouble()) * n / 3.0);
    return Math.min(i, n - 1);
  }

  /** Appends {@code v} with exactly four decimals (faster than String.format for 20M values). */
  static void fixed4(StringBuilder out, double v) {
    long scaled = Math.round(v * 10_000);
    if (scaled < 0) {
      out.append('-');
      scaled = -scaled;
    }
    long whole = scaled / 10_000;
    int frac = (int) (scaled % 10_000);
    out.append(whole).append('.');
    if (frac < 1000) {
      out.append('0');
    }
    if (frac < 100) {
      out.append('0');
    }
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
  }
}
