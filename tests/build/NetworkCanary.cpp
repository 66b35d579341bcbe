// Deliberately imports socket() and getaddrinfo(), so that the no-network check is seen to
// fail on a binary that does: a check that cannot fail proves nothing. Never run.
#include <netdb.h>
#include <sys/socket.h>

int main(int argc, char **)
{
    if (argc > 100) {
        addrinfo *info = nullptr;
        getaddrinfo("localhost", nullptr, nullptr, &info);
        return socket(AF_INET, SOCK_STREAM, 0);
    }
    return 0;
}
