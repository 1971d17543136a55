package dev.berth.module.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a {@link Function} parameter takes when its flag is not given, written as on the
 * command line ({@code @Default("foo") String key}, {@code @Default("3") int n}); Dagger's
 * {@code io.dagger.module.annotation.Default}. Without it the flag is required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Default {
    String value();
}
