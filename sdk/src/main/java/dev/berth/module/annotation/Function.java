package dev.berth.module.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A public method of an {@link Object} class that {@code berth call} can call (Dagger's
 * {@code io.dagger.module.annotation.Function}): {@code userList(Service svc)} is
 * {@code berth call user-list --svc=tcp://localhost:3306}. Its Javadoc (and {@code @param} lines)
 * become the help text of {@code berth functions}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Function {
}
