package main

// rooms lists every room of the default embassy in order.
func rooms() []room {
	return []room{entranceRoom(), galleryRoom(), receptionRoom(), conferenceRoom(), consularRoom(), ambassadorRoom()}
}
