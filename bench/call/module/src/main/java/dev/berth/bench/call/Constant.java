package dev.berth.bench.call;

import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;

/** The function of berth call's overhead benchmark: no pod, no query, only the call itself. */
@Object
public class Constant {
  /** Return a constant. */
  @Function
  public String constant() {
    return "constant";
  }
}
