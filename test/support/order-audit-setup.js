// jest globalSetup: starts the native-order audit (see order-audit.js).
module.exports = async () => {
	require('./order-audit').startAudit();
};
