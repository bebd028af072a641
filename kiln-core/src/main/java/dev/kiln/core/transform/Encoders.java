package dev.kiln.core.transform;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The encoder of each fitted transform: its per-value logic, written once. */
final class Encoders {
  private Encoders() {}

  static Encoder of(FittedTransform t) {
    if (t instanceof ImputeFit f) {
      return new ImputeEncoder(f);
    } else if (t instanceof StandardizeFit f) {
      return new StandardizeEncoder(f);
    } else if (t instanceof OneHotFit f) {
      return new OneHotEncoder(f);
    } else if (t instanceof OrdinalFit f) {
      return new OrdinalEncoder(f);
    } else if (t instanceof TargetEncodingFit f) {
      return new TargetEncoder(f);
    } else if (t instanceof TargetEncodingMulticlassFit f) {
      return new MulticlassTargetEncoder(f);
    } else if (t instanceof DatePartsFit f) {
      return new DatePartsEncoder(f);
    } else if (t instanceof HashedTextFit f) {
      return new HashedTextEncoder(f);
    } else if (t instanceof PassThroughFit f) {
      return new PassThroughEncoder(f);
    }
    throw new IllegalArgumentException("no encoder for " + t);
  }

  /** A missing number, for imputation: null or NaN. */
  static boolean missing(double value, boolean isNull) {
    return isNull || Double.isNaN(value);
  }

  static final class ImputeEncoder extends Encoder.Numeric {
    private final double fill;
    private final boolean indicator;

    ImputeEncoder(ImputeFit f) {
      super(f.column(), f.indicator() ? 2 : 1);
      this.fill = f.fill();
      this.indicator = f.indicator();
    }

    @Override
    void encode(double value, boolean isNull, double[] out, int offset) {
      boolean missing = missing(value, isNull);
      out[offset] = missing ? fill : value;
      if (indicator) {
        out[offset + 1] = missing ? 1.0 : 0.0;
      }
    }
  }

  static final class StandardizeEncoder extends Encoder.Numeric {
    private final ImputeEncoder impute;
    private final double mean;
    private final double scale;

    StandardizeEncoder(StandardizeFit f) {
      super(f.column(), f.impute() != null && f.impute().indicator() ? 2 : 1);
      this.impute = f.impute() == null ? null : new ImputeEncoder(f.impute());
      this.mean = f.mean();
      this.scale = f.scale();
    }

    @Override
    void encode(double value, boolean isNull, double[] out, int offset) {
      if (impute != null) {
        impute.encode(value, isNull, out, offset);
      } else {
        out[offset] = isNull ? Double.NaN : value;
      }
      out[offset] = (out[offset] - mean) / scale;
    }
  }

  static final class PassThroughEncoder extends Encoder.Numeric {
    PassThroughEncoder(PassThroughFit f) {
      super(f.column(), 1);
    }

    @Override
    void encode(double value, boolean isNull, double[] out, int offset) {
      out[offset] = isNull ? Double.NaN : value;
    }
  }

  /** Category to its position in the fitted list, for the category encoders. */
  static Map<String, Integer> index(List<String> categories) {
    Map<String, Integer> index = new HashMap<>(categories.size() * 2);
    for (int i = 0; i < categories.size(); i++) {
      index.put(categories.get(i), i);
    }
    return index;
  }

  static final class OneHotEncoder extends Encoder.Category {
    private final Map<String, Integer> index;
    private final int unseen;

    OneHotEncoder(OneHotFit f) {
      super(f.column(), f.categories().size() + 2);
      this.index = index(f.categories());
      this.unseen = f.categories().size();
    }

    @Override
    void encode(String key, double[] out, int offset) {
      Arrays.fill(out, offset, offset + width, 0.0);
      int hot = key == null ? unseen + 1 : index.getOrDefault(key, unseen);
      out[offset + hot] = 1.0;
    }
  }

  static final class OrdinalEncoder extends Encoder.Category {
    private final Map<String, Integer> index;

    OrdinalEncoder(OrdinalFit f) {
      super(f.column(), 1);
      this.index = index(f.categories());
    }

    @Override
    void encode(String key, double[] out, int offset) {
      if (key == null) {
        out[offset] = Double.NaN;
      } else {
        Integer code = index.get(key);
        out[offset] = code == null ? OrdinalFit.UNSEEN : code;
      }
    }
  }

  static final class TargetEncoder extends Encoder.Category {
    private final Map<String, Integer> index;
    private final double[] encodings;
    private final double prior;
    private final double nullEncoding;

    TargetEncoder(TargetEncodingFit f) {
      super(f.column(), 1);
      this.index = index(f.categories());
      this.encodings = f.encodings().stream().mapToDouble(Double::doubleValue).toArray();
      this.prior = f.prior();
      this.nullEncoding = f.nullEncoding();
    }

    @Override
    void encode(String key, double[] out, int offset) {
      if (key == null) {
        out[offset] = nullEncoding;
      } else {
        Integer i = index.get(key);
        out[offset] = i == null ? prior : encodings[i];
      }
    }

    /**
     * The smoothed mean target of a category seen {@code count} times with targets summing to
     * {@code sum}: the one formula used for the full-data and the out-of-fold encodings.
     */
    static double smooth(double sum, long count, double prior, double smoothing) {
      return count == 0 ? prior : (sum + smoothing * prior) / (count + smoothing);
    }
  }

  /** One feature per class: the category's row (k values) of the fitted table. */
  static final class MulticlassTargetEncoder extends Encoder.Category {
    private final Map<String, Integer> index;
    private final double[] table; // categories x classes, then the null row, then the priors

    MulticlassTargetEncoder(TargetEncodingMulticlassFit f) {
      super(f.column(), f.classes().size());
      this.index = index(f.categories());
      int n = f.categories().size();
      this.table = new double[(n + 2) * width];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < width; c++) {
          table[i * width + c] = f.encodings().get(i).get(c);
        }
      }
      for (int c = 0; c < width; c++) {
        table[n * width + c] = f.nullEncodings().get(c);
        table[(n + 1) * width + c] = f.priors().get(c);
      }
    }

    @Override
    void encode(String key, double[] out, int offset) {
      int row;
      if (key == null) {
        row = index.size();
      } else {
        Integer i = index.get(key);
        row = i == null ? index.size() + 1 : i;
      }
      System.arraycopy(table, row * width, out, offset, width);
    }
  }

  static final class DatePartsEncoder extends Encoder.Timestamp {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private final boolean dayOfYear;

    DatePartsEncoder(DatePartsFit f) {
      super(f.column(), f.dayOfYear() ? 6 : 5);
      this.dayOfYear = f.dayOfYear();
    }

    @Override
    void encode(long micros, boolean isNull, double[] out, int offset) {
      if (isNull) {
        Arrays.fill(out, offset, offset + width, Double.NaN);
        return;
      }
      long epochDay = Math.floorDiv(micros, MICROS_PER_DAY);
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      out[offset] = date.getYear();
      out[offset + 1] = date.getMonthValue();
      out[offset + 2] = date.getDayOfMonth();
      out[offset + 3] = Math.floorMod(epochDay + 3, 7) + 1; // 1970-01-01 was a Thursday (4)
      out[offset + 4] = Math.floorMod(micros, MICROS_PER_DAY) / MICROS_PER_HOUR;
      if (dayOfYear) {
        out[offset + 5] = date.getDayOfYear();
      }
    }
  }

  static final class HashedTextEncoder extends Encoder.Category {
    private final HashedText p;

    HashedTextEncoder(HashedTextFit f) {
      super(f.column(), f.params().buckets());
      this.p = f.params();
    }

    @Override
    void encode(String text, double[] out, int offset) {
      Arrays.fill(out, offset, offset + width, 0.0);
      if (text == null || text.isEmpty()) {
        return;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      int total = 0;
      if (p.wordMax() > 0) {
        total += words(lower, out, offset);
      }
      if (p.charMax() > 0) {
        total += chars(lower, out, offset);
      }
      if (p.termFrequency() && total > 0) {
        for (int i = offset; i < offset + width; i++) {
          out[i] /= total;
        }
      }
    }

    private void add(String gram, double[] out, int offset) {
      out[offset + Math.floorMod(Murmur3.hash(gram, p.seed()), width)] += 1.0;
    }

    private int words(String text, double[] out, int offset) {
      List<String> words = Tokens.words(text);
      int n = 0;
      for (int size = p.wordMin(); size <= p.wordMax(); size++) {
        for (int i = 0; i + size <= words.size(); i++) {
          add(size == 1 ? words.get(i) : String.join(" ", words.subList(i, i + size)), out, offset);
          n++;
        }
      }
      return n;
    }

    private int chars(String text, double[] out, int offset) {
      int[] cps = text.codePoints().toArray();
      int n = 0;
      for (int size = p.charMin(); size <= p.charMax(); size++) {
        for (int i = 0; i + size <= cps.length; i++) {
          add(new String(cps, i, size), out, offset);
          n++;
        }
      }
      return n;
    }
  }
}
