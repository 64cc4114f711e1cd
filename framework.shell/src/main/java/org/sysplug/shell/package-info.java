/**
 * What every sysplug shell command shares, whichever bundle offers it (framework.shell, the
 * simulator's {@code sim} commands, the util-linux tools): the exit status a command leaves in
 * its session, which the one-shot launcher exits with, and the names and help of the options
 * several commands take, and the plain table and JSON writer their output is made of; what {@code help}
 * and completion know of a command ({@link org.sysplug.shell.Help}, {@link org.sysplug.shell.CommandDoc}); and
 * how a failed command line is explained to the operator, at the prompt and in a one-shot run ({@link
 * org.sysplug.shell.CommandFailures}); how a command waits for its request ({@link
 * org.sysplug.shell.RequestWaiter}: a progress line on a terminal, Ctrl-C cancels) and how it names
 * many devices at once ({@link org.sysplug.shell.DeviceNames}: {@code memory1000-20999}); the JSON documents of
 * requests, the queue, the handlers and the machine that {@code --json} prints and the HTTP API answers
 * ({@link org.sysplug.shell.JsonDocuments}).
 */
@Version("1.1.0")
@Export
package org.sysplug.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
