package org.web4.starter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation method of {@link Implementation} that is not implemented yet: the harness does
 * not list its capability in {@code info} and answers its path 404 {@code NOT_FOUND}
 * (spec/harness.md HAR-INFO-003). Delete the annotation when you implement the method; a method
 * overridden in a subclass is implemented (method annotations are not inherited).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotImplemented {}
