/**
 * The slf4j 1.7 binding's fixed names (slf4j-api loads {@code org.slf4j.impl.StaticLoggerBinder}, and the
 * MDC and marker binders, by these names): here they hand out {@link org.sysplug.log.slf4j.OsgiLogLoggers}.
 */
@Version("1.7.36")
@Export
package org.slf4j.impl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
