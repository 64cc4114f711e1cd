package org.sysplug.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code help COMMAND} and TAB completion know about a command beyond Gogo's own
 * {@code @Descriptor} and {@code @Parameter}: the operands of its usage line, examples, the kind
 * of each operand (for completion), and, for a command that prints its own help (util-linux's
 * tools), the option that asks for it. On an annotated command method, or on the class of a
 * command that is a Gogo {@code Function} (whose options Gogo does not see).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Help {

    /**
     * The operands as the usage line shows them, after the options Gogo knows from
     * {@code @Parameter}: {@code ID}, {@code cpu|memory|node LIST}. For a {@code Function}, its
     * options too: {@code [--async] PATH}.
     */
    String operands() default "";

    /** Whole command lines that work on the default simulated machine. */
    String[] examples() default {};

    /**
     * What each operand is, in order, for completion: constants of {@link Operand}. The last one
     * repeats ({@code submit OPERATION DEVICE...}).
     */
    String[] complete() default {};

    /** The option that makes the command print its own usage ({@code --help}); empty: none. */
    String helpOption() default "";
}
