"""Fair handshake admission (spec/rtt.md §7, RTT-LIM-002 and RTT-LIM-006, docs/adr/1205): the 64
handshakes in progress are shared between sources; the source holding the most gives way."""

import os
import socket
import unittest

from web4py.rtt.admission import HandshakeAdmission, source_of


class Decisions(unittest.TestCase):
    def test_one_source_may_fill_every_place_and_the_next_from_it_is_refused(self):
        a = HandshakeAdmission(4)
        for i in range(4):
            self.assertIsNotNone(a.admit("a%d" % i, "127.0.0.1")[0])
        self.assertEqual(a.admit("a4", "127.0.0.1"), (None, None))  # RTT-LIM-002
        self.assertEqual(a.in_progress(), 4)

    def test_another_source_displaces_the_oldest_of_the_source_holding_the_most(self):
        a = HandshakeAdmission(4)
        a.admit("b0", "127.0.0.2")
        for i in range(3):
            a.admit("a%d" % i, "127.0.0.1")
        ticket, displaced = a.admit("c0", "127.0.0.3")  # RTT-LIM-006
        self.assertIsNotNone(ticket)
        self.assertEqual(displaced, "a0")
        self.assertEqual(a.admit("b1", "127.0.0.2")[1], "a1")
        self.assertEqual(a.admit("a3", "127.0.0.1")[1], "b0")  # .2 now holds the most

    def test_on_a_tie_the_source_whose_oldest_came_first_gives_way(self):
        a = HandshakeAdmission(4)
        for name, host in (("b0", "127.0.0.2"), ("a0", "127.0.0.1"), ("a1", "127.0.0.1"), ("b1", "127.0.0.2")):
            a.admit(name, host)
        self.assertEqual(a.admit("c0", "127.0.0.3")[1], "b0")
        self.assertEqual(a.admit("a2", "127.0.0.1"), (None, None))

    def test_a_place_released_twice_is_freed_once(self):
        a = HandshakeAdmission(2)
        first, _ = a.admit("a0", "127.0.0.1")
        a.admit("a1", "127.0.0.1")
        a.release(first)
        a.release(first)
        self.assertEqual(a.in_progress(), 1)
        a.admit("b0", "127.0.0.2")  # full again
        self.assertEqual(a.admit("a2", "127.0.0.1"), (None, None))  # .1 and .2 hold 1 each

    def test_not_fair_counts_all_sources_together(self):
        a = HandshakeAdmission(1, fair=False)
        a.admit("a0", "127.0.0.1")
        self.assertEqual(a.admit("b0", "127.0.0.2"), (None, None))

    def test_a_source_is_an_ipv4_address_or_an_ipv6_64_bit_prefix(self):
        self.assertEqual(source_of("2001:db8::1"), source_of("2001:db8::ffff:2"))
        self.assertNotEqual(source_of("2001:db8::1"), source_of("2001:db8:0:1::1"))
        self.assertEqual(source_of("::ffff:127.0.0.2"), "127.0.0.2")
        self.assertEqual(source_of("127.0.0.2"), "127.0.0.2")


class OnTheWire(unittest.TestCase):
    def test_a_second_source_gets_in_and_the_oldest_of_the_first_is_closed(self):
        from web4py.rtt.endpoint import Endpoint
        from web4py.rtt.identity import Identity

        endpoint = Endpoint(Identity.generate("admission-test"))
        host, port = endpoint.listen()
        held = []
        try:
            for _ in range(64):
                held.append(socket.create_connection((host, port), timeout=10))
            newcomer = socket.socket()
            newcomer.settimeout(10)
            newcomer.bind(("127.0.0.2", 0))
            newcomer.connect((host, port))
            newcomer.sendall(b"\x00\x20" + os.urandom(32))  # message 1: a place was given, it answers
            self.assertGreater(len(newcomer.recv(2)), 0)
            newcomer.close()
            self.assertEqual(held[0].recv(1), b"")  # displaced: closed without data
        finally:
            for s in held:
                s.close()
            endpoint.stop()


if __name__ == "__main__":
    unittest.main()
