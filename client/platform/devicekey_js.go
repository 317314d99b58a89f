package platform

import "errors"

// DeviceKey has no browser implementation yet (it will keep the key in localStorage): a guest in
// the browser has no device key, so only their name and address follow a ban.
func DeviceKey() (string, error) {
	return "", errors.New("device key: not kept in the browser yet")
}
