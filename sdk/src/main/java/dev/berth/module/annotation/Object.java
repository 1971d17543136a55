package dev.berth.module.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a module's class whose {@link Function} methods {@code berth call} can call (Dagger's
 * {@code io.dagger.module.annotation.Object}). The class needs a public no-argument constructor;
 * its Javadoc becomes the module's description in {@code berth functions}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Object {
}
