/*
 * measure - run one command and record its wall time, CPU time and peak
 * memory, for bench/run.
 *
 *	measure RESULTS command [arg ...]
 *
 * Appends one line to the file RESULTS:
 *
 *	wall_seconds cpu_seconds max_rss_kb exit_status
 *
 * The command inherits standard input, output and error, so the caller
 * redirects them as it likes.  measure exits with the command's status
 * (127 when it could not be started, 128+N when killed by signal N).
 *
 * This replaces /usr/bin/time, which is not always installed: the wall
 * time comes from the monotonic clock around fork and wait, the CPU time
 * and the peak resident set size from getrusage(RUSAGE_CHILDREN), which
 * covers exactly the one child measure waits for.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double	seconds(const struct timeval *);

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	double wall, cpu;
	int st, status;

	if (argc < 3) {
		fprintf(stderr, "usage: measure RESULTS command [arg ...]\n");
		return 2;
	}
	/* Open the results file first: a typo should not cost a run. */
	if ((fp = fopen(argv[1], "a")) == NULL) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		fclose(fp);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "measure: wait: %s\n", strerror(errno));
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	if (getrusage(RUSAGE_CHILDREN, &ru) != 0) {
		fprintf(stderr, "measure: getrusage: %s\n", strerror(errno));
		return 2;
	}
	wall = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cpu = seconds(&ru.ru_utime) + seconds(&ru.ru_stime);
	if (WIFEXITED(st))
		status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		status = 128 + WTERMSIG(st);
	else
		status = 255;

	/* ru_maxrss is in kilobytes on Linux and the BSDs. */
	fprintf(fp, "%.4f %.4f %ld %d\n", wall, cpu, (long)ru.ru_maxrss,
	    status);
	if (fclose(fp) != 0) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	return status;
}

static double
seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}
